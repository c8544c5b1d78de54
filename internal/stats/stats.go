// Package stats computes the statistics the provincial administrator and the
// ministry oversee the platform with, for the caller's region and each region
// directly below it (the province and each city; for the ministry, each
// province), over a date range: institutions by type and status, how long
// reviews take and why filings are returned, credit records by category,
// and questions by category with the time to answer them. It also serves
// the audit log search, the other read-only oversight view.
//
// Statistics read the tables of the other parts directly, with SQL that
// only aggregates: they never change anything, and going through each
// part's service would mean one query per institution.
package stats

import (
	"context"
	"math"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// Service computes statistics.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
}

// Counts maps a key (a type, a status, a category, a section) to a number.
type Counts map[string]int

// Region is the statistics of one region's subtree.
type Region struct {
	Code                 string  `json:"region_code"`
	Name                 string  `json:"region_name"`
	Institutions         int     `json:"institutions"`
	InstitutionsByType   Counts  `json:"institutions_by_type"`
	InstitutionsByStatus Counts  `json:"institutions_by_status"`
	ReviewsDecided       int     `json:"reviews_decided"`
	ReviewMedianHours    float64 `json:"review_median_hours"`
	Returns              int     `json:"returns"`
	ReturnsBySection     Counts  `json:"returns_by_section"`
	CreditRecords        int     `json:"credit_records"`
	CreditByCategory     Counts  `json:"credit_by_category"`
	Questions            int     `json:"questions"`
	QuestionsAnswered    int     `json:"questions_answered"`
	QuestionsByCategory  Counts  `json:"questions_by_category"`
	AnswerMedianHours    float64 `json:"answer_median_hours"`

	reviewHours, answerHours []float64
}

// Report is the statistics of a date range: Total for the caller's whole
// region, Regions for each region directly below it.
type Report struct {
	From    calendar.Date `json:"from"`
	To      calendar.Date `json:"to"`
	Total   *Region       `json:"total"`
	Regions []*Region     `json:"regions"`
}

func newRegion(code string) *Region {
	return &Region{Code: code, Name: region.Default().FullName(code), InstitutionsByType: Counts{}, InstitutionsByStatus: Counts{},
		ReturnsBySection: Counts{}, CreditByCategory: Counts{}, QuestionsByCategory: Counts{}}
}

// Compute returns the statistics of [from, to] (China dates, both
// included; zero values mean 1 January of this year and today) for the
// caller's region and its children. Permission statistics.view or
// dashboard.view. Institutions are counted as they stand now among those
// created by the end of the range; reviews by their decision date; credit
// records by their proposal date; questions by the day they were asked.
func (s *Service) Compute(ctx context.Context, a *auth.Actor, from, to calendar.Date) (*Report, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	if !a.Can("statistics.view") && !a.Can("dashboard.view") {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	today := calendar.Current(s.Clock)
	if to.IsZero() {
		to = today
	}
	if from.IsZero() {
		from = calendar.Date{Y: to.Y, M: time.January, D: 1}
	}
	if to.Before(from) {
		return nil, apperr.InvalidField("to", "field.stats_range")
	}
	scope := a.Scope()
	rep := &Report{From: from, To: to, Total: newRegion(scope.Code)}
	for _, c := range region.Default().Children(scope.Code) {
		rep.Regions = append(rep.Regions, newRegion(c.Code))
	}
	r := run{ctx: ctx, store: reportStore{s.DB}, scope: scope, rep: rep, lo: from.Time().UTC(), hi: to.AddDays(1).Time().UTC(), from: from, to: to}
	for _, step := range []func() error{r.institutions, r.reviews, r.credit, r.questions} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	for _, g := range append([]*Region{rep.Total}, rep.Regions...) {
		g.ReviewMedianHours, g.AnswerMedianHours = median(g.reviewHours), median(g.answerHours)
	}
	return rep, nil
}

// buckets returns the total and the child region containing code, if any.
func (r *run) buckets(code string) []*Region {
	out := []*Region{r.rep.Total}
	for _, g := range r.rep.Regions {
		if (region.Scope{Code: g.Code}).Contains(code) {
			out = append(out, g)
			break
		}
	}
	return out
}

// median returns the median of xs rounded to a tenth, 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return math.Round(m*10) / 10
}
