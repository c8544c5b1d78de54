package yearclose

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/fee"
	"evalcred/internal/region"
)

// feeStore holds every query of the fees a close writes (fees): one per
// institution and project, never changed once written.
type feeStore struct{ q db.Queryer }

// insert writes l for run r unless the institution has its fee on the
// project already, and reports whether it did.
func (s feeStore) insert(ctx context.Context, r *Run, l fee.Line, now time.Time) (bool, error) {
	res, err := s.q.Exec(ctx, `INSERT INTO fees (province_code, year, project_id, institution_id, assessment_id, basis, person_days, daily_rate_fen,
			basic_fen, pool_fen, quality_score, coefficient_percent, performance_fen, total_fen, run_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, institution_id) DO NOTHING`,
		r.ProvinceCode, r.Year, l.ProjectID, l.InstitutionID, l.AssessmentID, l.Basis, l.PersonDays, l.DailyRateFen, l.BasicFen, l.PoolFen,
		l.QualityScore, l.CoefficientPercent, l.PerformanceFen, l.TotalFen, r.ID, now)
	if err != nil {
		return false, errorf("fee: %w", err)
	}
	return added(res), nil
}

// sheet calls fn with each fee of year on a project inside scope, by
// project then institution. It streams: a province's sheet may have tens of
// thousands of lines, which an export writes as they come.
func (s feeStore) sheet(ctx context.Context, scope region.Scope, year int, fn func(FeeRow) error) error {
	cond, args := scope.SQL("p.region_code")
	rows, err := s.q.Query(ctx, `SELECT f.project_id, p.name, f.institution_id, i.name, f.assessment_id, f.basis, f.person_days, f.daily_rate_fen,
		f.basic_fen, f.pool_fen, f.quality_score, f.coefficient_percent, f.performance_fen, f.total_fen
		FROM fees f JOIN projects p ON p.id = f.project_id JOIN institutions i ON i.id = f.institution_id
		WHERE f.year = ? AND `+cond+` ORDER BY f.project_id, f.institution_id`, append([]any{year}, args...)...)
	if err != nil {
		return fmt.Errorf("yearclose: fees: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r FeeRow
		if err := rows.Scan(&r.ProjectID, &r.ProjectName, &r.InstitutionID, &r.InstitutionName, &r.AssessmentID, &r.Basis, &r.PersonDays, &r.DailyRateFen,
			&r.BasicFen, &r.PoolFen, &r.QualityScore, &r.CoefficientPercent, &r.PerformanceFen, &r.TotalFen); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
