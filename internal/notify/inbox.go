package notify

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// Inbox shows people their notices: their own and, for an institution's
// users, their institution's.
type Inbox struct {
	DB    *db.DB
	Clock clock.Clock
}

// List returns the actor's notices, newest first: limit of them, 50 when
// limit is not between 1 and 200.
func (s *Inbox) List(ctx context.Context, a *auth.Actor, limit int) ([]Notice, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return noticeStore{s.DB}.list(ctx, a.UserID, a.InstitutionID, limit)
}

// UnreadCap bounds the unread count: past it the header says "99+", and
// the count never reads more than this many index entries, however many
// reminders a busy reviewer has piled up.
const UnreadCap = 100

// Unread counts the actor's unread notices, up to UnreadCap.
func (s *Inbox) Unread(ctx context.Context, a *auth.Actor) (int, error) {
	n, err := noticeStore{s.DB}.unread(ctx, a.UserID, a.InstitutionID)
	return min(n, UnreadCap), err
}

// MarkRead marks all of the actor's notices read.
func (s *Inbox) MarkRead(ctx context.Context, a *auth.Actor) error {
	return noticeStore{s.DB}.markRead(ctx, a.UserID, a.InstitutionID, s.Clock.Now())
}
