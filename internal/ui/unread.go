package ui

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/notify"
)

func (u *UI) unread(ctx context.Context, a *auth.Actor) int {
	n, err := notify.Unread(ctx, u.S.DB, a)
	if err != nil {
		return 0
	}
	return n
}
