package spotcheck

import (
	"context"

	"evalcred/internal/db"
)

// spotCheckStore holds every query of spot checks and their findings, on
// the *db.DB or, inside a transaction, the *db.Tx.
type spotCheckStore struct{ q db.Queryer }

// nullID is an optional reference: NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// add stores a spot check and its findings, and sets their ids.
func (s spotCheckStore) add(ctx context.Context, sc *SpotCheck, by int64) error {
	var err error
	if sc.ID, err = s.q.Insert(ctx, "INSERT INTO spot_checks (project_id, draw_id, checked_on, summary, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		sc.ProjectID, nullID(sc.DrawID), sc.CheckedOn, sc.Summary, by, sc.CreatedAt); err != nil {
		return err
	}
	for i := range sc.Findings {
		fd := &sc.Findings[i]
		fd.SpotCheckID = sc.ID
		if fd.ID, err = s.q.Insert(ctx, "INSERT INTO spot_check_findings (spot_check_id, item, result, note, institution_id) VALUES (?, ?, ?, ?, ?)",
			sc.ID, fd.Item, fd.Result, fd.Note, nullID(fd.InstitutionID)); err != nil {
			return err
		}
	}
	return nil
}

// ofProject returns a project's spot checks with their findings, oldest
// first.
func (s spotCheckStore) ofProject(ctx context.Context, projectID int64) ([]SpotCheck, error) {
	type row struct {
		c SpotCheck
		f Finding
	}
	rows, err := db.List(ctx, s.q, "spotcheck: spot checks", func(r db.Scanner) (row, error) {
		var x row
		err := r.Scan(&x.c.ID, &x.c.ProjectID, &x.c.DrawID, &x.c.CheckedOn, &x.c.Summary, &x.c.CreatedAt, &x.f.ID, &x.f.Item, &x.f.Result, &x.f.Note,
			&x.f.InstitutionID, &x.f.CreditRecordID)
		x.f.SpotCheckID = x.c.ID
		return x, err
	}, `SELECT c.id, c.project_id, COALESCE(c.draw_id, 0), c.checked_on, c.summary, c.created_at, f.id, f.item, f.result, f.note,
		COALESCE(f.institution_id, 0), COALESCE(f.credit_record_id, 0) FROM spot_checks c JOIN spot_check_findings f ON f.spot_check_id = c.id
		WHERE c.project_id = ? ORDER BY c.id, f.id`, projectID)
	if err != nil {
		return nil, err
	}
	out := []SpotCheck{}
	for _, x := range rows {
		if n := len(out); n == 0 || out[n-1].ID != x.c.ID {
			x.c.Findings = []Finding{}
			out = append(out, x.c)
		}
		out[len(out)-1].Findings = append(out[len(out)-1].Findings, x.f)
	}
	return out, nil
}

// finding is a finding with the project of its check and its version.
type finding struct {
	Finding
	projectID   int64
	lockVersion int
}

// finding reads a finding; NotFound without one.
func (s spotCheckStore) finding(ctx context.Context, id int64) (*finding, error) {
	f := &finding{Finding: Finding{ID: id}}
	err := s.q.QueryRow(ctx, `SELECT c.project_id, COALESCE(f.institution_id, 0), f.item, f.result, f.note, COALESCE(f.credit_record_id, 0), f.lock_version
		FROM spot_check_findings f JOIN spot_checks c ON c.id = f.spot_check_id WHERE f.id = ?`, id).Scan(
		&f.projectID, &f.InstitutionID, &f.Item, &f.Result, &f.Note, &f.CreditRecordID, &f.lockVersion)
	return db.Found(f, err, "finding", "spotcheck: finding")
}

// linkRecord names the credit record a finding became, on the version the
// caller read: ErrStale when it changed meanwhile.
func (s spotCheckStore) linkRecord(ctx context.Context, findingID int64, version int, recordID int64) error {
	return s.q.Update(ctx, "UPDATE spot_check_findings SET credit_record_id = ?, lock_version = lock_version + 1 WHERE id = ? AND lock_version = ?",
		recordID, findingID, version)
}
