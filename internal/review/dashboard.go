package review

import (
	"context"
	"fmt"
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
	cond, args := scope.SQL("i.region_code")
	err := s.grouped(ctx, `SELECT i.region_code, 0, COUNT(*), 0 FROM registrations r JOIN institutions i ON i.id = r.institution_id
		WHERE r.state = 'pending' AND `+cond+` GROUP BY i.region_code`, args, func(code string, _, n, _ int) {
		add(code, func(r *RegionStats) { r.RegistrationsPending += n })
	})
	if err != nil {
		return nil, err
	}
	err = s.grouped(ctx, `SELECT i.region_code, 0, COUNT(*), 0 FROM institutions i WHERE i.filing_state = 'returned' AND `+cond+` GROUP BY i.region_code`,
		args, func(code string, _, n, _ int) { add(code, func(r *RegionStats) { r.ReturnedNotResubmitted += n }) })
	if err != nil {
		return nil, err
	}
	tcond, targs := scope.SQL("t.region_code")
	if r, ok := tree.Lookup(scope.Code); ok && r.Level > region.Province {
		// Below a province, level-2 work is the province's, not the caller's.
		tcond += " AND t.level = 1"
	}
	err = s.grouped(ctx, `SELECT t.region_code, t.level, COUNT(*), SUM(CASE WHEN t.due_at < ? THEN 1 ELSE 0 END) FROM review_tasks t
		WHERE t.state = 'open' AND `+tcond+` GROUP BY t.region_code, t.level`, append([]any{now}, targs...), func(code string, level, n, overdue int) {
		add(owner(code, level), func(r *RegionStats) { r.ReviewsPending += n; r.ReviewsOverdue += overdue })
	})
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.Query(ctx, `SELECT t.region_code, t.level, t.created_at, t.decided_at FROM review_tasks t
		WHERE t.decided_at >= ? AND `+tcond, append([]any{now.Add(-90 * 24 * time.Hour)}, targs...)...)
	if err != nil {
		return nil, fmt.Errorf("review: dashboard: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var level int
		var created, decided time.Time
		if err := rows.Scan(&code, &level, &created, &decided); err != nil {
			return nil, fmt.Errorf("review: dashboard: %w", err)
		}
		h := decided.Sub(created).Hours()
		add(owner(code, level), func(r *RegionStats) { r.hours = append(r.hours, h) })
	}
	if err := rows.Err(); err != nil {
		return nil, err
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

// grouped runs a query yielding (region_code, level, n, m) rows.
func (s *Service) grouped(ctx context.Context, q string, args []any, fn func(code string, level, n, m int)) error {
	rows, err := s.DB.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("review: dashboard: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var level, n int
		var m *int64
		if err := rows.Scan(&code, &level, &n, &m); err != nil {
			return fmt.Errorf("review: dashboard: %w", err)
		}
		mm := 0
		if m != nil {
			mm = int(*m)
		}
		fn(code, level, n, mm)
	}
	return rows.Err()
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
