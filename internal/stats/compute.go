package stats

import (
	"context"
	"encoding/json"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/region"
)

// run is one computation of a report: each step reads its rows and adds them
// to the total and to the child region they fall in.
type run struct {
	ctx      context.Context
	store    reportStore
	scope    region.Scope
	rep      *Report
	lo, hi   time.Time // [lo, hi) in UTC
	from, to calendar.Date
}

func (r *run) institutions() error {
	list, err := r.store.institutions(r.ctx, r.scope, r.hi)
	for _, c := range list {
		for _, g := range r.buckets(c.region) {
			g.Institutions += c.n
			g.InstitutionsByType[c.typ] += c.n
			g.InstitutionsByStatus[c.status] += c.n
		}
	}
	return err
}

// reviews counts decided review tasks, the hours from task to decision, and
// for returns the sections the reviewer commented on: the reasons.
func (r *run) reviews() error {
	list, err := r.store.decisions(r.ctx, r.scope, r.lo, r.hi)
	for _, d := range list {
		var sections map[string]string
		_ = json.Unmarshal([]byte(d.commentsJSON), &sections)
		hours := d.decided.Sub(d.created).Hours()
		for _, g := range r.buckets(d.region) {
			g.ReviewsDecided++
			g.reviewHours = append(g.reviewHours, hours)
			if d.state != "returned" {
				continue
			}
			g.Returns++
			for sec, text := range sections {
				if text != "" {
					g.ReturnsBySection[sec]++
				}
			}
		}
	}
	return err
}

func (r *run) credit() error {
	list, err := r.store.creditRecords(r.ctx, r.scope, r.from, r.to)
	for _, c := range list {
		for _, g := range r.buckets(c.region) {
			g.CreditRecords += c.n
			g.CreditByCategory[c.category] += c.n
		}
	}
	return err
}

// questions counts questions by the region they were asked from.
func (r *run) questions() error {
	list, err := r.store.questions(r.ctx, r.scope, r.lo, r.hi)
	for _, q := range list {
		for _, g := range r.buckets(q.region) {
			g.Questions++
			g.QuestionsByCategory[q.category]++
			if q.answered != nil {
				g.QuestionsAnswered++
				g.answerHours = append(g.answerHours, q.answered.Sub(q.created).Hours())
			}
		}
	}
	return err
}
