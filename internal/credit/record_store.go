package credit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/privacy"
	"evalcred/internal/region"
)

// recordStore holds every query of credit records: the rows as stored (the
// ledger's payload), their state changes, the records as officials and
// institutions see them, and the ones that count or are published on a day.
// Its writes run in the transaction it is built on.
type recordStore struct{ q db.Queryer }

// get reads the row as stored.
func (s recordStore) get(ctx context.Context, id int64) (*recordRow, error) {
	var r recordRow
	if err := loadRow(ctx, s.q, "credit record", "SELECT "+recordCols+" FROM credit_records WHERE id = ?", id, r.ptrs()...); err != nil {
		return nil, err
	}
	return &r, nil
}

// bySource finds the record proposed for a source, if there is one.
func (s recordStore) bySource(ctx context.Context, kind string, id int64) (ProposeResult, bool, error) {
	var res ProposeResult
	err := s.q.QueryRow(ctx, "SELECT id, state, objection_deadline FROM credit_records WHERE source_kind = ? AND source_id = ?", kind, id).
		Scan(&res.ID, &res.State, &res.ObjectionDeadline)
	if db.IsNoRows(err) {
		return res, false, nil
	}
	if err != nil {
		return res, false, fmt.Errorf("credit: record of %s %d: %w", kind, id, err)
	}
	return res, true, nil
}

// newRecord is a proposed record's row.
type newRecord struct {
	institutionID, personID                int64
	kind, severity, category, facts, basis string
	evidence                               string
	proposedBy                             int64
	proposerRegion                         string
	proposedOn, deadline, effective        calendar.Date
	publishUntil, repairEarliest           calendar.Date
	now                                    time.Time
	sourceKind                             string
	sourceID                               int64
}

// insert writes a proposed record. A record with a source is written once:
// a second insert for the same source writes nothing and returns an error
// that db.IsNoRows recognises.
func (s recordStore) insert(ctx context.Context, r newRecord) (int64, error) {
	var personID, sourceKind, sourceID any
	if r.personID != 0 {
		personID = r.personID
	}
	q := `INSERT INTO credit_records (institution_id, person_id, kind, severity, category, facts, basis, evidence_json,
		state, proposed_by, proposer_region, proposed_on, objection_deadline, effective_on, publish_until, repair_earliest, created_at, updated_at,
		source_kind, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if r.sourceKind != "" {
		sourceKind, sourceID = r.sourceKind, r.sourceID
		// ON CONFLICT DO NOTHING rather than catching the duplicate: on
		// PostgreSQL a failed statement would abort the caller's transaction.
		q += " ON CONFLICT (source_kind, source_id) WHERE source_kind IS NOT NULL DO NOTHING"
	}
	return s.q.Insert(ctx, q, r.institutionID, personID, r.kind, r.severity, r.category, r.facts, r.basis, r.evidence,
		StateProposed, r.proposedBy, r.proposerRegion, r.proposedOn, r.deadline, r.effective, r.publishUntil, r.repairEarliest, r.now, r.now,
		sourceKind, sourceID)
}

// lapse writes state = effective for a proposed record whose window passed.
func (s recordStore) lapse(ctx context.Context, r *recordRow, now time.Time) error {
	return s.q.Update(ctx, `UPDATE credit_records SET state = ?, lock_version = lock_version + 1, updated_at = ?
		WHERE id = ? AND state = ? AND lock_version = ?`, StateEffective, now, r.ID, StateProposed, r.LockVersion)
}

// objectionDecision is who decided an objection, how and when.
type objectionDecision struct {
	decision string
	by       int64
	at       time.Time
}

const decidedCols = `, objection_decision = ?, objection_decided_by = ?, objection_decided_at = ?`

// takeEffect makes a proposed or objected record effective on day with the
// publication window that follows from it; dec, when set, is the objection
// decision that made it so.
func (s recordStore) takeEffect(ctx context.Context, r *recordRow, day, until, earliest calendar.Date, now time.Time, dec *objectionDecision) error {
	set, args := "", []any{StateEffective, day, until, earliest, now}
	if dec != nil {
		set, args = decidedCols, append(args, dec.decision, dec.by, dec.at)
	}
	args = append(args, r.ID, r.State, r.LockVersion)
	return s.q.Update(ctx, `UPDATE credit_records SET state = ?, effective_on = ?, publish_until = ?, repair_earliest = ?, updated_at = ?,
		lock_version = lock_version + 1`+set+` WHERE id = ? AND state = ? AND lock_version = ?`, args...)
}

// void ends an objected record by an upheld objection.
func (s recordStore) void(ctx context.Context, r *recordRow, dec objectionDecision) error {
	return s.q.Update(ctx, `UPDATE credit_records SET state = ?, updated_at = ?, lock_version = lock_version + 1`+decidedCols+`
				WHERE id = ? AND state = ? AND lock_version = ?`, StateVoid, dec.at, dec.decision, dec.by, dec.at, r.ID, r.State, r.LockVersion)
}

// object writes the institution's objection.
func (s recordStore) object(ctx context.Context, r *recordRow, reason string, by int64, now time.Time) error {
	return s.q.Update(ctx, `UPDATE credit_records SET state = ?, objection_reason = ?, objected_by = ?, objected_at = ?, updated_at = ?,
			lock_version = lock_version + 1 WHERE id = ? AND state = ? AND lock_version = ?`,
		StateObjected, reason, by, now, now, r.ID, r.State, r.LockVersion)
}

// applyRepair writes a pending repair application, clearing an earlier decision.
func (s recordStore) applyRepair(ctx context.Context, r *recordRow, explanation, evidence string, by int64, now time.Time) error {
	return s.q.Update(ctx, `UPDATE credit_records SET repair_state = ?, repair_explanation = ?, repair_evidence_json = ?, repair_applied_by = ?,
			repair_applied_at = ?, repair_decided_by = NULL, repair_decided_at = NULL, repair_comment = '', updated_at = ?, lock_version = lock_version + 1
			WHERE id = ? AND state = ? AND lock_version = ?`,
		RepairPending, explanation, evidence, by, now, now, r.ID, r.State, r.LockVersion)
}

// decideRepair writes a repair decision: the record's new state (repaired,
// or unchanged when rejected) and the day it was repaired (zero: none).
func (s recordStore) decideRepair(ctx context.Context, r *recordRow, state, decision, comment string, repairedOn calendar.Date, by int64, now time.Time) error {
	return s.q.Update(ctx, `UPDATE credit_records SET state = ?, repair_state = ?, repair_decided_by = ?, repair_decided_at = ?, repair_comment = ?,
			repaired_on = ?, updated_at = ?, lock_version = lock_version + 1 WHERE id = ? AND state = ? AND lock_version = ?`,
		state, decision, by, now, comment, repairedOn, now, r.ID, r.State, r.LockVersion)
}

// expire marks an effective record whose publication window has ended.
func (s recordStore) expire(ctx context.Context, id int64, now time.Time) error {
	return s.q.Update(ctx, "UPDATE credit_records SET expired_at = ?, lock_version = lock_version + 1 WHERE id = ? AND expired_at IS NULL AND state = ?",
		now, id, StateEffective)
}

// lapsedIDs are the proposed records whose objection window has passed by today.
func (s recordStore) lapsedIDs(ctx context.Context, today calendar.Date) ([]int64, error) {
	return db.IDs(ctx, s.q, "credit: lapsed records", "SELECT id FROM credit_records WHERE state = ? AND effective_on <= ? ORDER BY id", StateProposed, today)
}

// expiredIDs are the effective records whose publication ended before today
// and are not yet marked.
func (s recordStore) expiredIDs(ctx context.Context, today calendar.Date) ([]int64, error) {
	return db.IDs(ctx, s.q, "credit: expired records",
		`SELECT id FROM credit_records WHERE state = ? AND publish_until < ? AND expired_at IS NULL ORDER BY id`, StateEffective, today)
}

// firstUnlogged is the lowest id of a record without a ledger entry.
func (s recordStore) firstUnlogged(ctx context.Context) (int64, bool, error) {
	return firstUnlogged(ctx, s.q, "credit_records", SubjectRecord)
}

// loadRow reads the row of id into dst; no row is NotFound naming what.
func loadRow(ctx context.Context, q db.Queryer, what, query string, id int64, dst ...any) error {
	err := q.QueryRow(ctx, query, id).Scan(dst...)
	if db.IsNoRows(err) {
		return apperr.NotFoundf(what)
	}
	if err != nil {
		return fmt.Errorf("credit: load %s %d: %w", what, id, err)
	}
	return nil
}

// firstUnlogged is the lowest id in table without a ledger entry of subject.
func firstUnlogged(ctx context.Context, q db.Queryer, table, subject string) (int64, bool, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT t.id FROM `+table+` t WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e
			WHERE e.subject = ? AND e.subject_id = t.id) ORDER BY t.id LIMIT 1`, subject).Scan(&id)
	if db.IsNoRows(err) {
		return 0, false, nil
	}
	return id, err == nil, err
}

type countingRecord struct {
	id             int64
	kind, severity string
	effectiveOn    calendar.Date
}

// counting lists the institution's records that count on day, oldest first.
func (s recordStore) counting(ctx context.Context, institutionID int64, on calendar.Date) ([]countingRecord, error) {
	c, args := tookEffectSQL("r", on)
	return db.List(ctx, s.q, "credit: records", func(sc db.Scanner) (countingRecord, error) {
		var r countingRecord
		err := sc.Scan(&r.id, &r.kind, &r.severity, &r.effectiveOn)
		return r, err
	}, "SELECT r.id, r.kind, r.severity, r.effective_on FROM credit_records r WHERE r.institution_id = ? AND "+c+" ORDER BY r.effective_on, r.id",
		append([]any{institutionID}, args...)...)
}

// published lists the institution's records inside their publication window
// on day, newest first, with personal data masked in the texts.
func (s recordStore) published(ctx context.Context, institutionID int64, day calendar.Date) ([]PublicRecord, error) {
	c, args := publishedSQL("r", day)
	return db.List(ctx, s.q, "credit: published records", func(sc db.Scanner) (PublicRecord, error) {
		var r PublicRecord
		err := sc.Scan(&r.ID, &r.Kind, &r.Severity, &r.Category, &r.Facts, &r.Basis, &r.IssuedBy, &r.EffectiveOn, &r.PublishUntil)
		// Records written before the guard of privacy.Check may carry
		// personal data: the public never sees it.
		r.Facts, r.Basis = privacy.Mask(r.Facts), privacy.Mask(r.Basis)
		return r, err
	}, `SELECT r.id, r.kind, r.severity, r.category, r.facts, r.basis, r.proposer_region, r.effective_on, r.publish_until
		FROM credit_records r WHERE r.institution_id = ? AND `+c+` ORDER BY r.effective_on DESC, r.id DESC`, append([]any{institutionID}, args...)...)
}

// viewer is whose records a read may show: the records of institutions in a
// region (officials), or those of one institution (its users).
type viewer struct {
	institutionID int64 // set for an institution's users
	scope         region.Scope
}

func (v viewer) cond() (string, []any) {
	if v.institutionID != 0 {
		return "c.institution_id = ?", []any{v.institutionID}
	}
	return v.scope.SQL("i.region_code")
}

const listCols = "c." + `id, c.institution_id, i.name, COALESCE(p.id_number, ''), c.kind, c.severity, c.category, c.facts, c.basis, c.evidence_json,
	c.state, c.proposed_on, c.objection_deadline, c.effective_on, c.publish_until, c.repair_earliest, c.objection_reason, c.objection_decision,
	c.repair_state, c.repair_comment, c.repaired_on, c.lock_version, c.proposed_by, c.proposer_region, COALESCE(c.repair_applied_by, 0)`

const listFrom = ` FROM credit_records c JOIN institutions i ON i.id = c.institution_id LEFT JOIN persons p ON p.id = c.person_id`

// scanRecord reads a record as seen on today: a lapsed proposal is
// effective, the person's ID number masked.
func scanRecord(sc db.Scanner, today calendar.Date) (Record, error) {
	var r Record
	var evidence string
	if err := sc.Scan(&r.ID, &r.InstitutionID, &r.InstitutionName, &r.PersonIDNumber, &r.Kind, &r.Severity, &r.Category, &r.Facts, &r.Basis,
		&evidence, &r.State, &r.ProposedOn, &r.ObjectionDeadline, &r.EffectiveOn, &r.PublishUntil, &r.RepairEarliest, &r.ObjectionReason,
		&r.ObjectionDecision, &r.RepairState, &r.RepairComment, &r.RepairedOn, &r.LockVersion, &r.proposedBy, &r.proposerRegion,
		&r.repairAppliedBy); err != nil {
		return r, err
	}
	if r.PersonIDNumber != "" {
		r.PersonIDNumber = ident.MaskResidentID(r.PersonIDNumber)
	}
	_ = json.Unmarshal([]byte(evidence), &r.EvidenceAttachmentIDs)
	r.stored = r.State
	if r.State == StateProposed && !r.EffectiveOn.After(today) {
		r.State = StateEffective
	}
	r.Published = r.State == StateEffective && !r.EffectiveOn.After(today) && !r.PublishUntil.IsZero() && !r.PublishUntil.Before(today)
	return r, nil
}

// view reads one record the viewer may see; others are NotFound.
func (s recordStore) view(ctx context.Context, v viewer, id int64, today calendar.Date) (Record, error) {
	cond, args := v.cond()
	r, err := scanRecord(s.q.QueryRow(ctx, "SELECT "+listCols+listFrom+" WHERE c.id = ? AND "+cond, append([]any{id}, args...)...), today)
	if db.IsNoRows(err) {
		return r, apperr.NotFoundf("credit record")
	}
	return r, err
}

// list reads a page of the records the viewer may see under f, newest
// first, and their total.
func (s recordStore) list(ctx context.Context, v viewer, f RecordFilter, page Page, today calendar.Date) (RecordList, error) {
	cond, args := v.cond()
	where := " WHERE " + cond
	add := func(c string, v ...any) { where += " AND " + c; args = append(args, v...) }
	if f.InstitutionID != 0 {
		add("c.institution_id = ?", f.InstitutionID)
	}
	switch f.State {
	case "":
	case StateEffective: // lapsed proposals count as effective, as everywhere
		add("(c.state = ? OR (c.state = ? AND c.effective_on <= ?))", StateEffective, StateProposed, today)
	case StateProposed:
		add("c.state = ? AND c.effective_on > ?", StateProposed, today)
	default:
		add("c.state = ?", f.State)
	}
	if f.Kind != "" {
		add("c.kind = ?", f.Kind)
	}
	if f.Severity != "" {
		add("c.severity = ?", f.Severity)
	}
	if f.Repair != "" {
		add("c.repair_state = ?", f.Repair)
	}
	out := RecordList{Items: []Record{}}
	if err := s.q.QueryRow(ctx, "SELECT COUNT(*)"+listFrom+where, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("credit: count records: %w", err)
	}
	p := page.norm()
	var err error
	out.Items, err = db.List(ctx, s.q, "credit: list records", func(sc db.Scanner) (Record, error) { return scanRecord(sc, today) },
		"SELECT "+listCols+listFrom+where+" ORDER BY "+RecordSorts.OrderBy(f.Sort, "")+" LIMIT ? OFFSET ?", append(args, p.Limit, p.Offset)...)
	return out, err
}

// tookEffectSQL is the one definition of "the record counts on day": it took
// effect by then (explicitly, or because its objection window passed), and it
// was neither voided nor repaired by then. Objected records wait for the decision.
func tookEffectSQL(alias string, day calendar.Date) (string, []any) {
	a := alias + "."
	return "(" + a + "effective_on <= ? AND (" + a + "state IN ('proposed', 'effective') OR (" + a + "state = 'repaired' AND " + a + "repaired_on > ?)))",
		[]any{day, day}
}

// publishedSQL: the record counts on day and day is inside its publication
// window (publish_until is NULL for minor records, which are never published).
func publishedSQL(alias string, day calendar.Date) (string, []any) {
	c, args := tookEffectSQL(alias, day)
	return "(" + c + " AND " + alias + ".publish_until >= ?)", append(args, day)
}
