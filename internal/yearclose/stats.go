package yearclose

import (
	"context"

	"evalcred/internal/assessment"
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
	list, err := gradeStore{s.DB}.counts(ctx, a.Scope(), year)
	if err != nil {
		return nil, err
	}
	d := &Distribution{Year: year, Grades: GradeOrder, Total: map[string]int{}, ByCity: []CityCount{}}
	byCity := map[string]*CityCount{}
	var sum, n int
	for _, g := range list {
		c := byCity[g.city]
		if c == nil {
			c = &CityCount{CityCode: g.city, City: region.Default().FullName(g.city), Counts: map[string]int{}}
			byCity[g.city] = c
		}
		c.Counts[g.grade] += g.n
		d.Total[g.grade] += g.n
		sum += g.sum
		n += g.n
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
	return feeStore{s.DB}.sheet(ctx, a.Scope(), year, fn)
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
	graded, err := gradeStore{q}.latest(ctx)
	if err != nil {
		return nil, err
	}
	totals, err := assessment.LatestTotals(ctx, q)
	if err != nil {
		return nil, err
	}
	out := map[int64]int{}
	for _, id := range ids {
		if score, ok := graded[id]; ok {
			out[id] = score
		} else if total, ok := totals[id]; ok {
			out[id] = total
		}
	}
	return out, nil
}
