package yearclose

import (
	"context"
	"sort"

	"evalcred/internal/assessment"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/fee"
)

// Inputs is everything a year's close is computed from.
type Inputs struct {
	Province string
	Year     int
	Policy   Policy
	Items    []Item // final assessments, by institution then project
	History  History
	// Stored are grades an earlier run already wrote: they stand.
	Stored map[int64]Grade
}

// loadInputs reads the year's final assessments, earlier years' grades and
// the grades already stored, with the year's policy (or pol when not nil,
// for what-if).
func loadInputs(ctx context.Context, q db.Queryer, province string, year int, day calendar.Date) (*Inputs, error) {
	in := &Inputs{Province: province, Year: year}
	var err error
	if in.Policy, err = LoadPolicy(ctx, q, province, year); err != nil {
		return nil, err
	}
	if in.Items, err = assessment.CountedIn(ctx, q, province, year, day); err != nil {
		return nil, errorf("assessments: %w", err)
	}
	if in.History, err = (gradeStore{q}).history(ctx, province, year); err != nil {
		return nil, err
	}
	if in.Stored, err = (gradeStore{q}).stored(ctx, province, year); err != nil {
		return nil, err
	}
	return in, nil
}

// Plan is what a close would write.
type Plan struct {
	Grades       []Grade
	Consequences []Consequence
	Fees         []fee.Line
}

// Compute works out the plan of in: grades (stored ones stand), the
// consequences of those grades and the fees of every assessed project.
func Compute(in *Inputs) *Plan {
	p := &Plan{Grades: Grades(in.Items, in.Policy)}
	for i, g := range p.Grades {
		if st, ok := in.Stored[g.InstitutionID]; ok {
			p.Grades[i] = st
		}
	}
	p.Consequences = Consequences(in.Year, p.Grades, in.History, in.Policy)
	byProject := map[int64]*fee.Project{}
	var order []int64
	for _, it := range in.Items {
		pr := byProject[it.ProjectID]
		if pr == nil {
			pr = &fee.Project{ID: it.ProjectID, AmountFen: it.AmountFen, FeeBudgetFen: it.FeeBudgetFen}
			byProject[it.ProjectID] = pr
			order = append(order, it.ProjectID)
		}
		pr.Members = append(pr.Members, fee.Member{InstitutionID: it.InstitutionID, AssessmentID: it.AssessmentID, PersonDays: it.PersonDays, Score: it.Total})
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	for _, id := range order {
		p.Fees = append(p.Fees, fee.Compute(*byProject[id], in.Policy.Fees)...)
	}
	return p
}
