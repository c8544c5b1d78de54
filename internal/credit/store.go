package credit

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/ledger"
)

// Ledger subjects.
const (
	SubjectRecord   = "credit_record"
	SubjectSanction = "sanction"
)

func loadRecord(ctx context.Context, q db.Queryer, id int64) (*recordRow, error) {
	var r recordRow
	err := q.QueryRow(ctx, "SELECT "+recordCols+" FROM credit_records WHERE id = ?", id).Scan(r.ptrs()...)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("credit record")
	}
	if err != nil {
		return nil, fmt.Errorf("credit: load record %d: %w", id, err)
	}
	return &r, nil
}

func loadSanction(ctx context.Context, q db.Queryer, id int64) (*sanctionRow, error) {
	var r sanctionRow
	err := q.QueryRow(ctx, "SELECT "+sanctionCols+" FROM sanctions WHERE id = ?", id).Scan(r.ptrs()...)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("sanction")
	}
	if err != nil {
		return nil, fmt.Errorf("credit: load sanction %d: %w", id, err)
	}
	return &r, nil
}

// logRecord re-reads the record inside tx and appends it to the ledger under
// kind: the payload is the row as the database now holds it, which is what
// Verify will compare it with.
func (s *Service) logRecord(ctx context.Context, tx *db.Tx, kind string, id int64) (*recordRow, error) {
	r, err := loadRecord(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	_, err = s.Ledger.Append(ctx, tx, ledger.Event{At: s.now(), Kind: kind, Subject: SubjectRecord, SubjectID: id, Payload: b})
	return r, err
}

func (s *Service) logSanction(ctx context.Context, tx *db.Tx, kind string, id int64) (*sanctionRow, error) {
	r, err := loadSanction(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	_, err = s.Ledger.Append(ctx, tx, ledger.Event{At: s.now(), Kind: kind, Subject: SubjectSanction, SubjectID: id, Payload: b})
	return r, err
}

// CurrentRow is the ledger.Current of the credit part: the canonical payload
// of a credit record or sanction as it is now.
func CurrentRow(ctx context.Context, q db.Queryer, subject string, id int64) (json.RawMessage, bool, error) {
	var v any
	var err error
	switch subject {
	case SubjectRecord:
		v, err = loadRecord(ctx, q, id)
	case SubjectSanction:
		v, err = loadSanction(ctx, q, id)
	default:
		return nil, false, fmt.Errorf("credit: unknown ledger subject %q", subject)
	}
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	b, err := json.Marshal(v)
	return b, err == nil, err
}

// VerifyLedger checks the credit ledger against the current credit records and
// sanctions (for `evalcred ledger verify`): nil when the chain holds. A record
// or sanction row with no ledger entry at all (inserted behind the
// platform's back) is reported too, against the chain's last entry.
func VerifyLedger(ctx context.Context, q db.Queryer, pub ed25519.PublicKey) (*ledger.Mismatch, error) {
	m, err := ledger.Verify(ctx, q, pub, CurrentRow)
	if m != nil || err != nil {
		return m, err
	}
	for _, t := range []struct{ table, subject string }{{"credit_records", SubjectRecord}, {"sanctions", SubjectSanction}} {
		var id int64
		err := q.QueryRow(ctx, `SELECT t.id FROM `+t.table+` t WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e
			WHERE e.subject = ? AND e.subject_id = t.id) ORDER BY t.id LIMIT 1`, t.subject).Scan(&id)
		if db.IsNoRows(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		h, err := ledger.Head(ctx, q)
		if err != nil {
			return nil, err
		}
		return &ledger.Mismatch{Seq: h.Seq, Reason: fmt.Sprintf("%s %d has no ledger entry", t.subject, id)}, nil
	}
	return nil, nil
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

// inForceSQL is the one definition of "the sanction is in force on day": inside
// its dates, not lifted, and, when it comes from a credit record, that record
// counts on day.
func inForceSQL(alias string, day calendar.Date) (string, []any) {
	a := alias + "."
	rc, rargs := tookEffectSQL("sr", day)
	c := "(" + a + "starts_on <= ? AND " + a + "ends_on >= ? AND (" + a + "lifted_on IS NULL OR " + a + "lifted_on > ?) AND (" +
		a + "record_id IS NULL OR EXISTS (SELECT 1 FROM credit_records sr WHERE sr.id = " + a + "record_id AND " + rc + ")))"
	return c, append([]any{day, day, day}, rargs...)
}

// InForceSQL exposes the sanction predicate (alias of the sanctions table) to
// the public query and to other parts that list restrictions.
func InForceSQL(alias string, day calendar.Date) (string, []any) { return inForceSQL(alias, day) }

// PublishedSQL exposes the publication predicate (alias of credit_records).
func PublishedSQL(alias string, day calendar.Date) (string, []any) { return publishedSQL(alias, day) }
