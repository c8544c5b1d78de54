package stats

import (
	"context"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// reportStore holds the queries of the statistics. Each reads another part's
// table over a region's subtree and a date range, and only aggregates: one
// statement per table rather than one call per institution to its service.
type reportStore struct{ q db.Queryer }

// institutionCount is how many institutions of one region have a type and a
// status.
type institutionCount struct {
	region, typ, status string
	n                   int
}

// institutions counts the institutions created before end, by region, type
// and status as they stand now.
func (s reportStore) institutions(ctx context.Context, scope region.Scope, end time.Time) ([]institutionCount, error) {
	cond, args := scope.SQL("region_code")
	return db.List(ctx, s.q, "stats: institutions", func(sc db.Scanner) (institutionCount, error) {
		var c institutionCount
		err := sc.Scan(&c.region, &c.typ, &c.status, &c.n)
		return c, err
	}, `SELECT region_code, type, status, COUNT(*) FROM institutions WHERE `+cond+` AND created_at < ?
		GROUP BY region_code, type, status`, append(args, end)...)
}

// decision is one decided review task: when it was opened and decided, and
// the reviewer's comments by section.
type decision struct {
	region, state    string
	created, decided time.Time
	commentsJSON     string
}

// decisions lists the review tasks decided in [lo, hi).
func (s reportStore) decisions(ctx context.Context, scope region.Scope, lo, hi time.Time) ([]decision, error) {
	cond, args := scope.SQL("region_code")
	return db.List(ctx, s.q, "stats: reviews", func(sc db.Scanner) (decision, error) {
		var d decision
		err := sc.Scan(&d.region, &d.state, &d.created, &d.decided, &d.commentsJSON)
		return d, err
	}, `SELECT region_code, state, created_at, decided_at, comments_json FROM review_tasks
		WHERE `+cond+` AND decided_at >= ? AND decided_at < ?`, append(args, lo, hi)...)
}

// categoryCount is how many records of one region have a category.
type categoryCount struct {
	region, category string
	n                int
}

// creditRecords counts the credit records proposed from one day to another
// (both included), by their institution's region and category.
func (s reportStore) creditRecords(ctx context.Context, scope region.Scope, from, to calendar.Date) ([]categoryCount, error) {
	cond, args := scope.SQL("i.region_code")
	return db.List(ctx, s.q, "stats: credit", func(sc db.Scanner) (categoryCount, error) {
		var c categoryCount
		err := sc.Scan(&c.region, &c.category, &c.n)
		return c, err
	}, `SELECT i.region_code, c.category, COUNT(*) FROM credit_records c JOIN institutions i ON i.id = c.institution_id
		WHERE `+cond+` AND c.proposed_on >= ? AND c.proposed_on <= ? GROUP BY i.region_code, c.category`, append(args, from, to)...)
}

// asked is one question: where it was asked from, its category, and when it
// was asked and answered (nil while open).
type asked struct {
	region, category string
	created          time.Time
	answered         *time.Time
}

// questions lists the questions asked in [lo, hi) from inside the scope.
func (s reportStore) questions(ctx context.Context, scope region.Scope, lo, hi time.Time) ([]asked, error) {
	cond, args := scope.SQL("asker_region")
	return db.List(ctx, s.q, "stats: questions", func(sc db.Scanner) (asked, error) {
		var q asked
		err := sc.Scan(&q.region, &q.category, &q.created, &q.answered)
		return q, err
	}, `SELECT asker_region, category, created_at, answered_at FROM questions
		WHERE `+cond+` AND created_at >= ? AND created_at < ?`, append(args, lo, hi)...)
}
