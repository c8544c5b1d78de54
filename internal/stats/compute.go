package stats

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// run is one computation of a report.
type run struct {
	ctx      context.Context
	q        db.Queryer
	scope    region.Scope
	rep      *Report
	lo, hi   time.Time // [lo, hi) in UTC
	from, to calendar.Date
}

// each runs a query and calls fn for every row with a scanner.
func (r *run) each(what, sql string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := r.q.Query(r.ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("stats: %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return fmt.Errorf("stats: %s: %w", what, err)
		}
	}
	return rows.Err()
}

func (r *run) institutions() error {
	cond, args := r.scope.SQL("region_code")
	return r.each("institutions", `SELECT region_code, type, status, COUNT(*) FROM institutions WHERE `+cond+` AND created_at < ?
		GROUP BY region_code, type, status`, append(args, r.hi), func(scan func(...any) error) error {
		var code, typ, status string
		var n int
		if err := scan(&code, &typ, &status, &n); err != nil {
			return err
		}
		for _, g := range r.buckets(code) {
			g.Institutions += n
			g.InstitutionsByType[typ] += n
			g.InstitutionsByStatus[status] += n
		}
		return nil
	})
}

// reviews counts decided review tasks, the hours from task to decision, and
// for returns the sections the reviewer commented on: the reasons.
func (r *run) reviews() error {
	cond, args := r.scope.SQL("region_code")
	return r.each("reviews", `SELECT region_code, state, created_at, decided_at, comments_json FROM review_tasks
		WHERE `+cond+` AND decided_at >= ? AND decided_at < ?`, append(args, r.lo, r.hi), func(scan func(...any) error) error {
		var code, state, comments string
		var created, decided time.Time
		if err := scan(&code, &state, &created, &decided, &comments); err != nil {
			return err
		}
		var sections map[string]string
		_ = json.Unmarshal([]byte(comments), &sections)
		hours := decided.Sub(created).Hours()
		for _, g := range r.buckets(code) {
			g.ReviewsDecided++
			g.reviewHours = append(g.reviewHours, hours)
			if state != "returned" {
				continue
			}
			g.Returns++
			for sec, text := range sections {
				if text != "" {
					g.ReturnsBySection[sec]++
				}
			}
		}
		return nil
	})
}

func (r *run) credit() error {
	cond, args := r.scope.SQL("i.region_code")
	return r.each("credit", `SELECT i.region_code, c.category, COUNT(*) FROM credit_records c JOIN institutions i ON i.id = c.institution_id
		WHERE `+cond+` AND c.proposed_on >= ? AND c.proposed_on <= ? GROUP BY i.region_code, c.category`,
		append(args, r.from, r.to), func(scan func(...any) error) error {
			var code, cat string
			var n int
			if err := scan(&code, &cat, &n); err != nil {
				return err
			}
			for _, g := range r.buckets(code) {
				g.CreditRecords += n
				g.CreditByCategory[cat] += n
			}
			return nil
		})
}

// questions counts questions by the region they were asked from.
func (r *run) questions() error {
	cond, args := r.scope.SQL("asker_region")
	return r.each("questions", `SELECT asker_region, category, created_at, answered_at FROM questions
		WHERE `+cond+` AND created_at >= ? AND created_at < ?`, append(args, r.lo, r.hi), func(scan func(...any) error) error {
		var code, cat string
		var created time.Time
		var answered *time.Time
		if err := scan(&code, &cat, &created, &answered); err != nil {
			return err
		}
		for _, g := range r.buckets(code) {
			g.Questions++
			g.QuestionsByCategory[cat]++
			if answered != nil {
				g.QuestionsAnswered++
				g.answerHours = append(g.answerHours, answered.Sub(created).Hours())
			}
		}
		return nil
	})
}
