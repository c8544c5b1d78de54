package ui

import (
	"context"

	"evalcred/internal/auth"
)

func (u *UI) unread(ctx context.Context, a *auth.Actor) int {
	n, err := u.S.Inbox.Unread(ctx, a)
	if err != nil {
		return 0
	}
	return n
}
