package helpdesk

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// Suggestion is an earlier answer shown while a question is typed. Answered
// questions are shown without who asked them.
type Suggestion struct {
	Kind     string `json:"kind"` // faq or question
	ID       int64  `json:"id"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
	Category string `json:"category"`
	Score    int    `json:"score"`
}

// Suggest returns FAQ entries and answered questions resembling text, best
// first: those sharing at least a third of its character bigrams. The
// questions are only those a may read (see visible): an institution's own,
// an official's region's; the FAQ is public.
func (s *Service) Suggest(ctx context.Context, a *auth.Actor, text string) ([]Suggestion, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	hits, err := match(ctx, s.DB, text, a, 34, 8)
	if err != nil {
		return nil, err
	}
	out := []Suggestion{}
	for _, h := range hits {
		var sg Suggestion
		var ok bool
		var err error
		if h.kind == "faq" {
			sg, ok, err = faqStore{s.DB}.suggestion(ctx, h.id)
		} else {
			sg, ok, err = questionStore{s.DB}.answered(ctx, h.id)
		}
		if err != nil {
			return nil, fmt.Errorf("helpdesk: suggest: %w", err)
		}
		if ok {
			sg.Score = h.score
			out = append(out, sg)
		}
	}
	return out, nil
}

// RemindOverdue tells the desk of every open question past its deadline,
// at most once per China day per question (reminded_on), and returns how
// many questions it reminded of. It runs as a daily job.
func (s *Service) RemindOverdue(ctx context.Context) (int, error) {
	now := clock.Stamp(s.Clock)
	today := calendar.DateOf(now)
	list, err := questionStore{s.DB}.overdue(ctx, now, today)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, h := range list {
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			// The guard makes a second run on the same day (another server,
			// a retry) a no-op for this question.
			if ok, err := (questionStore{tx}).reminded(ctx, h, today); err != nil || !ok {
				return err
			}
			n++
			return s.tellDesk(ctx, tx, now, h.holder, "notice.question_overdue", h.id)
		})
		if err != nil {
			return n, fmt.Errorf("helpdesk: remind %d: %w", h.id, err)
		}
	}
	return n, nil
}

// RemindJob is RemindOverdue in the shape of a jobs.Job's Run.
func (s *Service) RemindJob(ctx context.Context) error {
	_, err := s.RemindOverdue(ctx)
	return err
}
