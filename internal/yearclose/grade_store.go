package yearclose

import (
	"context"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/region"
)

// gradeStore holds every query of the grades a close writes (year_grades):
// one per institution, province and year, never changed once written.
type gradeStore struct{ q db.Queryer }

// insert writes g for run r unless the institution has its grade of the
// year already, and reports whether it did.
func (s gradeStore) insert(ctx context.Context, r *Run, g Grade, weighting string, now time.Time) (bool, error) {
	res, err := s.q.Exec(ctx, `INSERT INTO year_grades (province_code, year, institution_id, score, grade, assessments, weighting, run_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (province_code, year, institution_id) DO NOTHING`,
		r.ProvinceCode, r.Year, g.InstitutionID, g.Score, g.Grade, g.Assessments, weighting, r.ID, now)
	if err != nil {
		return false, errorf("grade: %w", err)
	}
	return added(res), nil
}

// ofInstitution lists an institution's grades, newest year first.
func (s gradeStore) ofInstitution(ctx context.Context, institutionID int64) ([]YearGrade, error) {
	return db.List(ctx, s.q, "yearclose: grades", func(sc db.Scanner) (YearGrade, error) {
		var g YearGrade
		err := sc.Scan(&g.Year, &g.Score, &g.Grade, &g.ProvinceCode, &g.Assessments)
		return g, err
	}, `SELECT year, score, grade, province_code, assessments FROM year_grades WHERE institution_id = ? ORDER BY year DESC, province_code`, institutionID)
}

// one returns an institution's stored grade of a province's year; false
// when the year has not given it one.
func (s gradeStore) one(ctx context.Context, province string, year int, institutionID int64) (YearGrade, bool, error) {
	var g YearGrade
	err := s.q.QueryRow(ctx, "SELECT score, grade FROM year_grades WHERE province_code = ? AND year = ? AND institution_id = ?", province, year, institutionID).
		Scan(&g.Score, &g.Grade)
	if db.IsNoRows(err) {
		return g, false, nil
	}
	return g, err == nil, err
}

// stored returns the grades of a province's year written so far, by
// institution.
func (s gradeStore) stored(ctx context.Context, province string, year int) (map[int64]Grade, error) {
	list, err := db.List(ctx, s.q, "yearclose: stored grades", func(sc db.Scanner) (Grade, error) {
		var g Grade
		err := sc.Scan(&g.InstitutionID, &g.Score, &g.Grade, &g.Assessments)
		return g, err
	}, `SELECT institution_id, score, grade, assessments FROM year_grades WHERE province_code = ? AND year = ?`, province, year)
	out := make(map[int64]Grade, len(list))
	for _, g := range list {
		out[g.InstitutionID] = g
	}
	return out, err
}

// history returns the grades of a province's years before year: per
// institution newest first, each run of years ending at the first year
// without a grade.
func (s gradeStore) history(ctx context.Context, province string, year int) (History, error) {
	type past struct {
		id    int64
		year  int
		grade string
	}
	list, err := db.List(ctx, s.q, "yearclose: history", func(sc db.Scanner) (past, error) {
		var p past
		err := sc.Scan(&p.id, &p.year, &p.grade)
		return p, err
	}, `SELECT institution_id, year, grade FROM year_grades WHERE province_code = ? AND year < ? ORDER BY institution_id, year DESC`, province, year)
	hist := History{}
	for _, p := range list {
		if h := hist[p.id]; p.year == year-1-len(h) {
			hist[p.id] = append(h, p.grade)
		}
	}
	return hist, err
}

// gradeCount is how many institutions of one city have a grade, with the
// sum of their scores.
type gradeCount struct {
	city, grade string
	n, sum      int
}

// counts counts the grades of year of the institutions inside scope, by the
// city of their home region and grade.
func (s gradeStore) counts(ctx context.Context, scope region.Scope, year int) ([]gradeCount, error) {
	cond, args := scope.SQL("i.region_code")
	return db.List(ctx, s.q, "yearclose: distribution", func(sc db.Scanner) (gradeCount, error) {
		var c gradeCount
		err := sc.Scan(&c.city, &c.grade, &c.n, &c.sum)
		return c, err
	}, `SELECT SUBSTR(i.region_code, 1, 4) || '00', g.grade, COUNT(*), SUM(g.score) FROM year_grades g
		JOIN institutions i ON i.id = g.institution_id WHERE g.year = ? AND `+cond+` GROUP BY SUBSTR(i.region_code, 1, 4) || '00', g.grade
		ORDER BY 1, 2`, append([]any{year}, args...)...)
}

// latest maps every institution ever graded to its score of the latest
// year closed.
func (s gradeStore) latest(ctx context.Context) (map[int64]int, error) {
	list, err := db.List(ctx, s.q, "yearclose: latest grades", func(sc db.Scanner) (Grade, error) {
		var g Grade
		err := sc.Scan(&g.InstitutionID, &g.Score)
		return g, err
	}, `SELECT institution_id, score FROM year_grades ORDER BY institution_id, year, id`)
	out := map[int64]int{}
	for _, g := range list {
		out[g.InstitutionID] = g.Score
	}
	return out, err
}
