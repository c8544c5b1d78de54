package filing

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
	"evalcred/internal/textnorm"
)

// filingStore holds every query of an institution's filing: its draft, its
// submitted versions, the roles each version gives people, and the filing
// columns of the institution (its filing state, latest and approved
// version). Run on q: the database, or the transaction for writes.
type filingStore struct{ q db.Queryer }

// draft reads the stored draft into d; found is false before the first save.
func (s filingStore) draft(ctx context.Context, institutionID int64, d *Draft) (found bool, err error) {
	var raw string
	var updated time.Time
	err = s.q.QueryRow(ctx, "SELECT doc_json, revision, updated_at FROM filing_drafts WHERE institution_id = ?", institutionID).Scan(&raw, &d.Revision, &updated)
	switch {
	case db.IsNoRows(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("filing: load draft: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &d.Document); err != nil {
		return false, fmt.Errorf("filing: decode draft: %w", err)
	}
	u := updated.UTC()
	d.UpdatedAt = &u
	return true, nil
}

// revision returns the stored draft's revision, 0 before the first save.
func (s filingStore) revision(ctx context.Context, institutionID int64) (int, error) {
	var cur int
	err := s.q.QueryRow(ctx, "SELECT revision FROM filing_drafts WHERE institution_id = ?", institutionID).Scan(&cur)
	if db.IsNoRows(err) {
		return 0, nil
	}
	return cur, err
}

// saveDraft stores raw as revision cur+1: the first save inserts, a later
// one replaces revision cur (ErrStale when someone saved since).
func (s filingStore) saveDraft(ctx context.Context, institutionID int64, raw string, cur int, by int64, now time.Time) error {
	var err error
	if cur == 0 {
		_, err = s.q.Exec(ctx, "INSERT INTO filing_drafts (institution_id, doc_json, revision, updated_by, updated_at) VALUES (?, ?, 1, ?, ?)",
			institutionID, raw, by, now)
	} else {
		err = s.q.Update(ctx, "UPDATE filing_drafts SET doc_json = ?, revision = revision + 1, updated_by = ?, updated_at = ? WHERE institution_id = ? AND revision = ?",
			raw, by, now, institutionID, cur)
	}
	if err != nil {
		return fmt.Errorf("filing: save draft: %w", err)
	}
	return nil
}

// drafted moves a filing that was never saved to the draft state.
func (s filingStore) drafted(ctx context.Context, institutionID int64, now time.Time) error {
	return s.q.Update(ctx, "UPDATE institutions SET filing_state = ?, updated_at = ? WHERE id = ? AND filing_state = ?",
		StateDraft, now, institutionID, StateNone)
}

// insertVersion stores a submitted version, at level 1.
func (s filingStore) insertVersion(ctx context.Context, institutionID int64, version int, raw string, by int64, now time.Time) error {
	if _, err := s.q.Insert(ctx, `INSERT INTO filing_versions (institution_id, version, state, doc_json, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?)`,
		institutionID, version, StateLevel1, raw, by, now); err != nil {
		return fmt.Errorf("filing: insert version: %w", err)
	}
	return nil
}

// submitted makes version the institution's latest, at level 1, if its
// filing is still in state from at lock version lock (ErrStale otherwise).
func (s filingStore) submitted(ctx context.Context, institutionID int64, version int, from string, lock int, now time.Time) error {
	return s.q.Update(ctx, `UPDATE institutions SET filing_state = ?, filing_version = ?, lock_version = lock_version + 1, updated_at = ?
			WHERE id = ? AND filing_state = ? AND lock_version = ?`, StateLevel1, version, now, institutionID, from, lock)
}

func scanVersionInfo(s db.Scanner) (VersionInfo, error) {
	var v VersionInfo
	var decided *time.Time
	err := s.Scan(&v.Version, &v.State, &v.SubmittedAt, &decided)
	v.DecidedAt = utcPtr(decided)
	return v, err
}

// versions lists the institution's submitted versions, newest first.
func (s filingStore) versions(ctx context.Context, institutionID int64) ([]VersionInfo, error) {
	return db.List(ctx, s.q, "filing: versions", scanVersionInfo,
		"SELECT version, state, submitted_at, decided_at FROM filing_versions WHERE institution_id = ? ORDER BY version DESC", institutionID)
}

// version reads a version with its document; a missing one is NotFound.
func (s filingStore) version(ctx context.Context, institutionID int64, version int) (*Version, error) {
	v := &Version{InstitutionID: institutionID}
	var raw string
	var decided *time.Time
	err := s.q.QueryRow(ctx, "SELECT version, state, submitted_at, decided_at, doc_json FROM filing_versions WHERE institution_id = ? AND version = ?",
		institutionID, version).Scan(&v.Version, &v.State, &v.SubmittedAt, &decided, &raw)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("filing version")
	}
	if err != nil {
		return nil, fmt.Errorf("filing: version: %w", err)
	}
	v.DecidedAt = utcPtr(decided)
	if err := json.Unmarshal([]byte(raw), &v.Document); err != nil {
		return nil, fmt.Errorf("filing: decode version: %w", err)
	}
	return v, nil
}

// approvedBefore returns the last version approved before version, 0 if none.
func (s filingStore) approvedBefore(ctx context.Context, institutionID int64, version int) (int, error) {
	var base int
	err := s.q.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM filing_versions WHERE institution_id = ? AND state = ? AND version < ?",
		institutionID, StateApproved, version).Scan(&base)
	if err != nil {
		return 0, fmt.Errorf("filing: diff base: %w", err)
	}
	return base, nil
}

// returnedBetween returns the last version returned after version after and
// before version before, 0 if none.
func (s filingStore) returnedBetween(ctx context.Context, institutionID int64, after, before int) (int, error) {
	var v int
	err := s.q.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM filing_versions WHERE institution_id = ? AND state = ? AND version > ? AND version < ?",
		institutionID, StateReturned, after, before).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("filing: returned base: %w", err)
	}
	return v, nil
}

// advance moves a version from → to and the institution's filing state with
// it; ErrStale when either is no longer in state from.
func (s filingStore) advance(ctx context.Context, institutionID int64, version int, from, to string, now time.Time) error {
	tx := s.q
	if err := tx.Update(ctx, `UPDATE filing_versions SET state = ?, decided_at = ?, lock_version = lock_version + 1
		WHERE institution_id = ? AND version = ? AND state = ?`, to, decidedAt(to, now), institutionID, version, from); err != nil {
		return err
	}
	return tx.Update(ctx, `UPDATE institutions SET filing_state = ?, lock_version = lock_version + 1, updated_at = ?
		WHERE id = ? AND filing_version = ? AND filing_state = ?`, to, now, institutionID, version, from)
}

// decidedAt is set when a version leaves review for good.
func decidedAt(to string, now time.Time) any {
	if to == StateApproved || to == StateReturned {
		return now
	}
	return nil
}

// approveVersion moves a version from level 2 to approved and returns its
// document and the value of policy intervalKey in force for the region on
// today, read by the same statement. ErrStale when the version is no
// longer under level-2 review.
func (s filingStore) approveVersion(ctx context.Context, cur Current, version int, now time.Time, intervalKey string, today calendar.Date) (raw string, intervalValue *string, err error) {
	interval, intervalArgs := policy.ValueSQL(cur.RegionCode, intervalKey, today)
	err = s.q.QueryRow(ctx, `UPDATE filing_versions SET state = ?, decided_at = ?, lock_version = lock_version + 1
		WHERE institution_id = ? AND version = ? AND state = ? RETURNING doc_json, `+interval,
		append([]any{StateApproved, now, cur.ID, version, StateLevel2}, intervalArgs...)...).Scan(&raw, &intervalValue)
	if db.IsNoRows(err) {
		return "", nil, apperr.ErrStale
	}
	if err != nil {
		return "", nil, fmt.Errorf("filing: approve version: %w", err)
	}
	return raw, intervalValue, nil
}

// approveInstitution makes version the institution's approved one, due for
// its update on dueOn, copying the approved document's institution section
// and legal representative into it. The update is deferred (DeferUpdate):
// it fails the transaction with ErrStale when the institution's filing is no
// longer that version at level 2, or, when the name stays, the name is no
// longer cur.Name. A new name is written with its name_norm; an unchanged
// one is not written again, so its index entries stay as they are.
func (s filingStore) approveInstitution(ctx context.Context, cur Current, version int, d *Document, renamed bool, dueOn calendar.Date, now time.Time) error {
	in := d.Institution
	established, _ := calendar.ParseDate(in.EstablishedOn)
	// The region stays the registered one: moving an institution to another
	// region's supervision is not something a filing does.
	set := `UPDATE institutions SET filing_state = ?, approved_version = ?, approved_at = ?, update_due_on = ?,
		type = ?, established_on = ?, address = ?, legal_rep_name = ?, contact_name = ?, contact_phone = ?, contact_email = ?,
		lock_version = lock_version + 1, updated_at = ?`
	args := []any{StateApproved, version, now, dueOn, in.Type, established, in.Address,
		d.LegalRepresentative.Name, in.ContactName, in.ContactPhone, in.ContactEmail, now}
	if renamed {
		return s.q.DeferUpdate(ctx, set+`, name = ?, name_norm = ? WHERE id = ? AND filing_version = ? AND filing_state = ?`,
			append(args, in.Name, textnorm.Name(in.Name), cur.ID, version, StateLevel2)...)
	}
	return s.q.DeferUpdate(ctx, set+` WHERE id = ? AND filing_version = ? AND filing_state = ? AND name = ?`,
		append(args, cur.ID, version, StateLevel2, cur.Name)...)
}

// activateRoles makes the roles of version the institution's active ones;
// the others that were active end on today. Rows of other versions that
// were already inactive are left as they are (their ended_on is their
// history). Deferred: nothing needs its answer.
func (s filingStore) activateRoles(ctx context.Context, institutionID int64, version int, today calendar.Date) error {
	if err := s.q.Defer(ctx, `UPDATE person_roles SET active = (filing_version = ?),
		ended_on = CASE WHEN filing_version = ? THEN ended_on ELSE ? END
		WHERE institution_id = ? AND (active = TRUE OR filing_version = ?)`,
		version, version, today, institutionID, version); err != nil {
		return fmt.Errorf("filing: swap roles: %w", err)
	}
	return nil
}

// leadsElsewhere reports whether the person with idNumber is an active lead
// evaluator of another institution than institutionID.
func (s filingStore) leadsElsewhere(ctx context.Context, idNumber string, institutionID int64) (bool, error) {
	var n int
	err := s.q.QueryRow(ctx, `SELECT COUNT(*) FROM person_roles r JOIN persons p ON p.id = r.person_id
			WHERE p.id_number = ? AND r.role = ? AND r.active = TRUE AND r.institution_id <> ?`, idNumber, RoleLeadEvaluator, institutionID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("filing: lead elsewhere: %w", err)
	}
	return n > 0, nil
}

// addRole finds or creates the person with idNumber and records the role
// version gives them, inactive until the version is approved.
func (s filingStore) addRole(ctx context.Context, institutionID int64, version int, idNumber, name, role string, since calendar.Date, now time.Time) error {
	if _, err := s.q.Exec(ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id_number) DO NOTHING", idNumber, name, now); err != nil {
		return fmt.Errorf("filing: person: %w", err)
	}
	var pid int64
	if err := s.q.QueryRow(ctx, "SELECT id FROM persons WHERE id_number = ?", idNumber).Scan(&pid); err != nil {
		return fmt.Errorf("filing: person: %w", err)
	}
	if _, err := s.q.Exec(ctx, `INSERT INTO person_roles (person_id, institution_id, role, filing_version, active, started_on) VALUES (?, ?, ?, ?, FALSE, ?)`,
		pid, institutionID, role, version, since); err != nil {
		return fmt.Errorf("filing: person role: %w", err)
	}
	return nil
}
