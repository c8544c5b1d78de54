package review

import (
	"context"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/region"
)

// dashboardStore holds the urging queries of the dashboard: each groups by
// region over indexed columns, whatever the number of institutions.
type dashboardStore struct{ q db.Queryer }

// regionCount is one row of a grouped figure: n (and m) of a region's work
// at a level (0 where the figure has no level).
type regionCount struct {
	code  string
	level int
	n, m  int
}

// decisionTime is how long a decided task of a region and level waited.
type decisionTime struct {
	code  string
	level int
	hours float64
}

func scanRegionCount(s db.Scanner) (regionCount, error) {
	var c regionCount
	var m *int64
	if err := s.Scan(&c.code, &c.level, &c.n, &m); err != nil {
		return c, err
	}
	if m != nil {
		c.m = int(*m)
	}
	return c, nil
}

// taskScope is the condition on tasks (alias t) of the dashboard of scope:
// below a province, level-2 work is the province's, not the caller's.
func taskScope(scope region.Scope) (string, []any) {
	cond, args := scope.SQL("t.region_code")
	if r, ok := region.Default().Lookup(scope.Code); ok && r.Level > region.Province {
		cond += " AND t.level = 1"
	}
	return cond, args
}

// pendingRegistrations counts the registrations waiting in each region.
func (s dashboardStore) pendingRegistrations(ctx context.Context, scope region.Scope) ([]regionCount, error) {
	cond, args := scope.SQL("i.region_code")
	return db.List(ctx, s.q, "review: dashboard", scanRegionCount, `SELECT i.region_code, 0, COUNT(*), 0 FROM registrations r JOIN institutions i ON i.id = r.institution_id
		WHERE r.state = 'pending' AND `+cond+` GROUP BY i.region_code`, args...)
}

// returnedFilings counts the filings sent back and not yet resubmitted in
// each region.
func (s dashboardStore) returnedFilings(ctx context.Context, scope region.Scope) ([]regionCount, error) {
	cond, args := scope.SQL("i.region_code")
	return db.List(ctx, s.q, "review: dashboard", scanRegionCount,
		`SELECT i.region_code, 0, COUNT(*), 0 FROM institutions i WHERE i.filing_state = 'returned' AND `+cond+` GROUP BY i.region_code`, args...)
}

// openTasks counts the open tasks (n) and those overdue at now (m) by the
// region they were opened in and level.
func (s dashboardStore) openTasks(ctx context.Context, scope region.Scope, now time.Time) ([]regionCount, error) {
	tcond, targs := taskScope(scope)
	return db.List(ctx, s.q, "review: dashboard", scanRegionCount, `SELECT t.region_code, t.level, COUNT(*), SUM(CASE WHEN t.due_at < ? THEN 1 ELSE 0 END) FROM review_tasks t
		WHERE t.state = 'open' AND `+tcond+` GROUP BY t.region_code, t.level`, append([]any{now}, targs...)...)
}

// decisionHours returns, for each task decided since since, its region,
// level and the hours from opening to decision.
func (s dashboardStore) decisionHours(ctx context.Context, scope region.Scope, since time.Time) ([]decisionTime, error) {
	tcond, targs := taskScope(scope)
	return db.List(ctx, s.q, "review: dashboard", func(s db.Scanner) (decisionTime, error) {
		var d decisionTime
		var created, decided time.Time
		err := s.Scan(&d.code, &d.level, &created, &decided)
		d.hours = decided.Sub(created).Hours()
		return d, err
	}, `SELECT t.region_code, t.level, t.created_at, t.decided_at FROM review_tasks t
		WHERE t.decided_at >= ? AND `+tcond, append([]any{since}, targs...)...)
}
