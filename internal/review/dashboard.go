package review

import (
	"context"
	"slices"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/policy"
	"evalcred/internal/region"
)

// RegionStats are the urging figures of one region.
type RegionStats struct {
	RegionCode             string `json:"region_code"`
	RegionName             string `json:"region_name"`
	RegistrationsPending   int    `json:"registrations_pending"`
	ReviewsPending         int    `json:"reviews_pending"`
	ReviewsOverdue         int    `json:"reviews_overdue"`
	ReturnedNotResubmitted int    `json:"returned_not_resubmitted"`
	// MedianHoursToDecide covers tasks decided in the last 90 days; nil when
	// there were none.
	MedianHoursToDecide *float64 `json:"median_hours_to_decide"`
	hours               []float64
}

// DashboardResult holds the caller's region (the totals) and each child
// region (cities of a province, counties of a city, provinces for the
// ministry).
type DashboardResult struct {
	Total    RegionStats    `json:"total"`
	Children []*RegionStats `json:"children"`
}

// Dashboard returns the urging figures for a's region and its children.
// A review counts where it must be decided: level 1 in the institution's
// region, level 2 at its province, so that a city is never urged for the
// province's work. Permission dashboard.view. Four GROUP BY queries over
// indexed columns, whatever the number of institutions.
func (s *Service) Dashboard(ctx context.Context, a *auth.Actor) (*DashboardResult, error) {
	if err := a.Require("dashboard.view"); err != nil {
		return nil, err
	}
	scope := a.Scope()
	tree := region.Default()
	res := &DashboardResult{Total: RegionStats{RegionCode: scope.Code, RegionName: tree.FullName(scope.Code)}, Children: []*RegionStats{}}
	for _, c := range tree.Children(scope.Code) {
		res.Children = append(res.Children, &RegionStats{RegionCode: c.Code, RegionName: c.Name})
	}
	// add credits a figure to the total and to the child containing code.
	add := func(code string, fn func(*RegionStats)) {
		if !scope.Contains(code) {
			return
		}
		fn(&res.Total)
		for _, c := range res.Children {
			if (region.Scope{Code: c.RegionCode}).Contains(code) {
				fn(c)
				return
			}
		}
	}
	now := s.Clock.Now()
	store := dashboardStore{s.DB}
	pending, err := store.pendingRegistrations(ctx, scope)
	if err != nil {
		return nil, err
	}
	for _, c := range pending {
		add(c.code, func(r *RegionStats) { r.RegistrationsPending += c.n })
	}
	returned, err := store.returnedFilings(ctx, scope)
	if err != nil {
		return nil, err
	}
	for _, c := range returned {
		add(c.code, func(r *RegionStats) { r.ReturnedNotResubmitted += c.n })
	}
	open, err := store.openTasks(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	for _, c := range open {
		add(owner(c.code, c.level), func(r *RegionStats) { r.ReviewsPending += c.n; r.ReviewsOverdue += c.m })
	}
	times, err := store.decisionHours(ctx, scope, now.Add(-90*24*time.Hour))
	if err != nil {
		return nil, err
	}
	for _, d := range times {
		add(owner(d.code, d.level), func(r *RegionStats) { r.hours = append(r.hours, d.hours) })
	}
	for _, r := range append(res.Children, &res.Total) {
		r.MedianHoursToDecide = median(r.hours)
	}
	return res, nil
}

// owner is the region that must decide a task: the institution's for
// level 1, its province's for level 2.
func owner(code string, level int) string {
	if level == 2 {
		return policy.ProvinceOf(code)
	}
	return code
}

// median is computed here because SQLite has no median aggregate; the rows
// are at most 90 days of decisions in one region.
func median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	m := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		m = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	m = float64(int64(m*10+0.5)) / 10
	return &m
}
