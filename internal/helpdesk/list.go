package helpdesk

import (
	"context"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// Get returns a question with its whole history to those who may see it
// (the asker, its institution, officials whose region holds it or contains
// the asker's region); NotFound to everyone else.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Question, error) {
	st := questionStore{s.DB}
	q, err := st.get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if q.History, err = st.events(ctx, id); err != nil {
		return nil, err
	}
	q.show(a, s.Clock.Now())
	return q, nil
}

// Filter selects questions for List; empty fields match all.
type Filter struct {
	State    string `json:"state"`
	Category string `json:"category"`
	// Held keeps only the questions the caller's desk must answer now.
	Held bool `json:"held"`
	// Overdue keeps open questions past their deadline.
	Overdue bool   `json:"overdue"`
	Q       string `json:"q"`
	Limit   int    `json:"limit"`
	Offset  int    `json:"offset"`
	// Sort is the order chosen among QuestionSorts.
	Sort db.Sort `json:"sort"`
}

// QuestionSorts are the orders of the question list, newest first by
// default.
var QuestionSorts = db.Sorts{Cols: map[string]string{
	"id":       "q.id",
	"category": "q.category, q.id",
	"state":    "q.state, q.id",
	"holder":   "q.holder_region, q.id",
	"due":      "q.due_at, q.id",
}, Default: db.Sort{Key: "id", Desc: true}}

// MaxExport is the most rows a list gives for a spreadsheet export.
const MaxExport = 10000

// List returns the questions a may see matching f, in the order f chose. A Limit
// above 500 is honoured up to MaxExport, for exports.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]*Question, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, MaxExport)
	now := clock.Stamp(s.Clock)
	list, err := questionStore{s.DB}.list(ctx, a, f, now)
	for _, q := range list {
		q.show(a, now)
	}
	return list, err
}
