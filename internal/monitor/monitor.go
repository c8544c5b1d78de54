// Package monitor answers what an operator watches beside the request
// rates: the work waiting for people (open and overdue reviews by level,
// questions waiting for an answer) and the e-mail outbox. /metrics asks it
// at every scrape, so each figure is one query over an index.
package monitor

import (
	"context"

	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/notify"
)

// Service computes the figures.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
}

// Backlog is the work waiting, across the whole deployment.
type Backlog struct {
	// OpenReviews and OverdueReviews count open review tasks by level (1,
	// 2); overdue ones are past their due time.
	OpenReviews, OverdueReviews map[int]int
	// QuestionsWaiting counts open questions, QuestionsOverdue those past
	// their due time.
	QuestionsWaiting, QuestionsOverdue int
}

// Outbox is the state of the e-mail outbox.
type Outbox struct {
	// Pending: not sent yet and still to be tried; Retrying: of those, the
	// ones that failed at least once; Failed: given up after
	// notify.MaxAttempts tries, waiting for a person.
	Pending, Retrying, Failed int
}

// Backlog returns the work waiting now.
func (s *Service) Backlog(ctx context.Context) (Backlog, error) {
	now := s.Clock.Now()
	b := Backlog{OpenReviews: map[int]int{1: 0, 2: 0}, OverdueReviews: map[int]int{1: 0, 2: 0}}
	levels, err := store{s.DB}.reviewsByLevel(ctx, now)
	if err != nil {
		return b, err
	}
	for _, l := range levels {
		b.OpenReviews[l.level], b.OverdueReviews[l.level] = l.open, l.overdue
	}
	b.QuestionsWaiting, b.QuestionsOverdue, err = store{s.DB}.questions(ctx, now)
	return b, err
}

// Outbox returns the outbox's state.
func (s *Service) Outbox(ctx context.Context) (Outbox, error) {
	return store{s.DB}.outbox(ctx, notify.MaxAttempts)
}

type levelCount struct{ level, open, overdue int }
