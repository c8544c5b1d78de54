package yearclose

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/fee"
	"evalcred/internal/region"
)

// Distribution is how a year's grades spread, over the actor's region and
// per city, for the charts and the table beside them.
type Distribution struct {
	Year    int            `json:"year"`
	Grades  []string       `json:"grades"`
	Total   map[string]int `json:"total"`
	ByCity  []CityCount    `json:"by_city"`
	Average int            `json:"average"` // x100
}

// CityCount is one city's count per grade.
type CityCount struct {
	CityCode string         `json:"city_code"`
	City     string         `json:"city"`
	Counts   map[string]int `json:"counts"`
}

// GradeOrder is the order in which grades are shown.
var GradeOrder = []string{GradeExcellent, GradeGood, GradeQualified, GradeUnqualified}

// Distribution counts the stored grades of year for institutions inside the
// actor's region, by grade and by the city of their home region.
func (s *Service) Distribution(ctx context.Context, a *auth.Actor, year int) (*Distribution, error) {
	if err := canView(a); err != nil {
		return nil, err
	}
	cond, args := a.Scope().SQL("i.region_code")
	d := &Distribution{Year: year, Grades: GradeOrder, Total: map[string]int{}, ByCity: []CityCount{}}
	byCity := map[string]*CityCount{}
	var sum, n int
	err := eachRow(ctx, s.DB, `SELECT SUBSTR(i.region_code, 1, 4) || '00', g.grade, COUNT(*), SUM(g.score) FROM year_grades g
		JOIN institutions i ON i.id = g.institution_id WHERE g.year = ? AND `+cond+` GROUP BY SUBSTR(i.region_code, 1, 4) || '00', g.grade
		ORDER BY 1, 2`, append([]any{year}, args...), func(sc func(...any) error) error {
		var city, grade string
		var count, total int
		if err := sc(&city, &grade, &count, &total); err != nil {
			return err
		}
		c := byCity[city]
		if c == nil {
			name := region.Default().FullName(city)
			c = &CityCount{CityCode: city, City: name, Counts: map[string]int{}}
			byCity[city] = c
		}
		c.Counts[grade] += count
		d.Total[grade] += count
		sum += total
		n += count
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range byCity {
		d.ByCity = append(d.ByCity, *c)
	}
	sortCities(d.ByCity)
	if n > 0 {
		d.Average = sum / n
	}
	return d, nil
}

func sortCities(cs []CityCount) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].CityCode < cs[j-1].CityCode; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// FeeRow is one line of the year's fee sheet.
type FeeRow struct {
	fee.Line
	ProjectName     string `json:"project_name"`
	InstitutionName string `json:"institution_name"`
}

// Fees returns the year's fees in the actor's province, by project then
// institution, calling fn for each (the sheet streams, the JSON list
// collects). Needs year.close, statistics.view or export.
func (s *Service) Fees(ctx context.Context, a *auth.Actor, year int, fn func(FeeRow) error) error {
	if err := CanReadFees(a); err != nil {
		return err
	}
	cond, args := a.Scope().SQL("p.region_code")
	return eachRow(ctx, s.DB, `SELECT f.project_id, p.name, f.institution_id, i.name, f.assessment_id, f.basis, f.person_days, f.daily_rate_fen,
		f.basic_fen, f.pool_fen, f.quality_score, f.coefficient_percent, f.performance_fen, f.total_fen
		FROM fees f JOIN projects p ON p.id = f.project_id JOIN institutions i ON i.id = f.institution_id
		WHERE f.year = ? AND `+cond+` ORDER BY f.project_id, f.institution_id`, append([]any{year}, args...), func(sc func(...any) error) error {
		var r FeeRow
		if err := sc(&r.ProjectID, &r.ProjectName, &r.InstitutionID, &r.InstitutionName, &r.AssessmentID, &r.Basis, &r.PersonDays, &r.DailyRateFen,
			&r.BasicFen, &r.PoolFen, &r.QualityScore, &r.CoefficientPercent, &r.PerformanceFen, &r.TotalFen); err != nil {
			return err
		}
		return fn(r)
	})
}

// CanReadFees says whether the actor may read the fee sheet.
func CanReadFees(a *auth.Actor) error {
	if a.Can("export") {
		return nil
	}
	return canView(a)
}

// Scores is the ScoreSource of merit selection (project.ScoreSource): an
// institution's latest assessment score is its grade score of the latest
// closed year; an institution never graded yet has the total of its latest
// final project assessment; one never assessed has none.
type Scores struct{}

// LatestScores returns the latest score x100 of each of ids that has one.
// It reads whole tables once rather than binding ten thousand ids.
func (Scores) LatestScores(ctx context.Context, q db.Queryer, ids []int64) (map[int64]int, error) {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	out := map[int64]int{}
	graded := map[int64]bool{}
	err := eachRow(ctx, q, `SELECT institution_id, score FROM year_grades ORDER BY institution_id, year, id`, nil, func(sc func(...any) error) error {
		var id int64
		var score int
		err := sc(&id, &score)
		if want[id] {
			out[id], graded[id] = score, true
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT institution_id, total FROM assessments WHERE state IN ('open', 'commented', 'settled') ORDER BY institution_id, created_at, id`, nil,
		func(sc func(...any) error) error {
			var id int64
			var total int
			err := sc(&id, &total)
			if want[id] && !graded[id] {
				out[id] = total
			}
			return err
		})
	return out, err
}
