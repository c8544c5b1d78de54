package yearclose

import (
	"context"
	"encoding/json"

	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/fee"
)

// counts are what one transaction added, for the run's report.
type counts struct{ grades, consequences, fees int }

// work computes the plan of run r and writes it, ChunkSize institutions per
// transaction, then proposes the bad records the consequences call for,
// ChunkSize per transaction. The progress counts both phases: total is the
// institutions plus the records to propose, and each transaction moves done
// (and the heartbeat) on, so 100% means the run has nothing left to do.
func (s *Service) work(ctx context.Context, r *Run) error {
	in, err := loadInputs(ctx, s.DB, r.ProvinceCode, r.Year, s.today())
	if err != nil {
		return err
	}
	plan := Compute(in)
	// The records are counted from the plan first (an earlier run may have
	// proposed some already: the count is set right once they are known).
	records := 0
	cons := map[int64][]Consequence{}
	for _, c := range plan.Consequences {
		cons[c.InstitutionID] = append(cons[c.InstitutionID], c)
		if c.RecordSeverity != "" {
			records++
		}
	}
	if _, err := s.DB.Exec(ctx, "UPDATE year_close_runs SET total = ? WHERE id = ?", len(plan.Grades)+records, r.ID); err != nil {
		return err
	}
	fees := map[int64][]fee.Line{}
	for _, l := range plan.Fees {
		fees[l.InstitutionID] = append(fees[l.InstitutionID], l)
	}
	size := s.ChunkSize
	if size <= 0 {
		size = 500
	}
	for i := 0; i < len(plan.Grades); i += size {
		chunk := plan.Grades[i:min(i+size, len(plan.Grades))]
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			var n counts
			for _, g := range chunk {
				if err := s.writeInstitution(ctx, tx, r, in.Policy.Weighting, g, cons[g.InstitutionID], fees[g.InstitutionID], &n); err != nil {
					return err
				}
			}
			return s.progress(ctx, tx, r.ID, len(chunk), `grades_added = grades_added + ?, consequences_added = consequences_added + ?,
				fees_added = fees_added + ?`, n.grades, n.consequences, n.fees)
		})
		if err != nil {
			return err
		}
	}
	list, err := s.recordsDue(ctx, r)
	if err != nil {
		return err
	}
	if _, err := s.DB.Exec(ctx, "UPDATE year_close_runs SET total = ? WHERE id = ?", len(plan.Grades)+len(list), r.ID); err != nil {
		return err
	}
	return s.proposeRecords(ctx, r, list, size)
}

// progress moves run id's progress on by done steps inside tx, adds to its
// counters (set: "column = column + ?" clauses, one arg each) and beats the
// heartbeat of the run and its claim.
func (s *Service) progress(ctx context.Context, tx *db.Tx, id int64, done int, set string, args ...any) error {
	now := s.now()
	all := append(append([]any{done}, args...), now, id)
	if _, err := tx.Exec(ctx, "UPDATE year_close_runs SET done = done + ?, "+set+", heartbeat_at = ? WHERE id = ?", all...); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "UPDATE year_close_claims SET heartbeat_at = ? WHERE run_id = ?", now, id)
	return err
}

// writeInstitution writes one institution's grade, consequences and fees,
// each only if not there yet, and a report line for each one added.
func (s *Service) writeInstitution(ctx context.Context, tx *db.Tx, r *Run, weighting string, g Grade, cons []Consequence, fees []fee.Line, n *counts) error {
	now := s.now()
	res, err := tx.Exec(ctx, `INSERT INTO year_grades (province_code, year, institution_id, score, grade, assessments, weighting, run_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (province_code, year, institution_id) DO NOTHING`,
		r.ProvinceCode, r.Year, g.InstitutionID, g.Score, g.Grade, g.Assessments, weighting, r.ID, now)
	if err != nil {
		return errorf("grade: %w", err)
	}
	if added(res) {
		n.grades++
		if err := change(ctx, tx, r.ID, "grade", g.InstitutionID, 0, g.Grade, int64(g.Score)); err != nil {
			return err
		}
	}
	for _, c := range cons {
		if err := s.writeConsequence(ctx, tx, r, c, n); err != nil {
			return err
		}
	}
	for _, l := range fees {
		res, err := tx.Exec(ctx, `INSERT INTO fees (province_code, year, project_id, institution_id, assessment_id, basis, person_days, daily_rate_fen,
			basic_fen, pool_fen, quality_score, coefficient_percent, performance_fen, total_fen, run_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, institution_id) DO NOTHING`,
			r.ProvinceCode, r.Year, l.ProjectID, l.InstitutionID, l.AssessmentID, l.Basis, l.PersonDays, l.DailyRateFen, l.BasicFen, l.PoolFen,
			l.QualityScore, l.CoefficientPercent, l.PerformanceFen, l.TotalFen, r.ID, now)
		if err != nil {
			return errorf("fee: %w", err)
		}
		if added(res) {
			n.fees++
			b, _ := json.Marshal(l)
			if err := change(ctx, tx, r.ID, "fee", l.InstitutionID, l.ProjectID, string(b), l.TotalFen); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeConsequence records a consequence once and imposes its suspension
// through the credit part with the consequence as its source; a run that
// finds the row without its sanction (a crash in between cannot happen inside
// one transaction, but an older run may have failed) completes it.
func (s *Service) writeConsequence(ctx context.Context, tx *db.Tx, r *Run, c Consequence, n *counts) error {
	res, err := tx.Exec(ctx, `INSERT INTO year_consequences (province_code, year, institution_id, kind, starts_on, ends_on, record_severity, run_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (province_code, year, institution_id, kind) DO NOTHING`,
		r.ProvinceCode, r.Year, c.InstitutionID, c.Kind, c.StartsOn, c.EndsOn, c.RecordSeverity, r.ID, s.now())
	if err != nil {
		return errorf("consequence: %w", err)
	}
	var id int64
	var sanctionID *int64
	if err := tx.QueryRow(ctx, `SELECT id, sanction_id FROM year_consequences WHERE province_code = ? AND year = ? AND institution_id = ? AND kind = ?`,
		r.ProvinceCode, r.Year, c.InstitutionID, c.Kind).Scan(&id, &sanctionID); err != nil {
		return err
	}
	if added(res) {
		n.consequences++
		b, _ := json.Marshal(c)
		if err := change(ctx, tx, r.ID, "consequence", c.InstitutionID, 0, string(b), id); err != nil {
			return err
		}
	}
	if sanctionID != nil || !c.Suspends() {
		return nil
	}
	sid, err := s.Credit.ImposeSanction(ctx, tx, credit.SanctionInput{InstitutionID: c.InstitutionID, Type: credit.SanctionSuspension,
		StartsOn: c.StartsOn, EndsOn: c.EndsOn, Scope: credit.ScopeProvince, SourceKind: credit.SourceAssessment, SourceID: id,
		Reason: "assessment." + c.Kind})
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "UPDATE year_consequences SET sanction_id = ? WHERE id = ?", sid, id)
	return err
}

// Suspends reports whether the consequence suspends (a record-only
// consequence has no days).
func (c Consequence) Suspends() bool { return c.EndsOn.After(c.StartsOn) }

func added(res interface{ RowsAffected() (int64, error) }) bool {
	n, err := res.RowsAffected()
	return err == nil && n > 0
}

func change(ctx context.Context, tx *db.Tx, runID int64, kind string, institutionID, projectID int64, detail string, amount int64) error {
	var pid any
	if projectID != 0 {
		pid = projectID
	}
	_, err := tx.Exec(ctx, `INSERT INTO year_close_changes (run_id, kind, institution_id, project_id, detail, amount) VALUES (?, ?, ?, ?, ?, ?)`,
		runID, kind, institutionID, pid, detail, amount)
	return err
}
