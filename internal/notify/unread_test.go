package notify_test

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/notify"
)

// The header's count reads at most UnreadCap notices, counting a user's own
// and their institution's, and drops to zero once they are read.
func TestUnreadIsCapped(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC)
		add := func(user, inst any, n int) {
			for range n {
				if _, err := d.Exec(ctx, "INSERT INTO notifications (user_id, institution_id, kind, created_at) VALUES (?, ?, 'notice.review_overdue', ?)", user, inst, now); err != nil {
					t.Fatal(err)
				}
			}
		}
		add(7, nil, 2)
		add(nil, 3, 1)
		add(8, nil, notify.UnreadCap+50)
		inst := &auth.Actor{UserID: 7, InstitutionID: 3}
		if n, err := notify.Unread(ctx, d, inst); err != nil || n != 3 {
			t.Errorf("institution user: %d %v, want 3", n, err)
		}
		busy := &auth.Actor{UserID: 8}
		if n, _ := notify.Unread(ctx, d, busy); n != notify.UnreadCap {
			t.Errorf("busy reviewer: %d, want the cap %d", n, notify.UnreadCap)
		}
		if err := notify.MarkRead(ctx, d, inst, now); err != nil {
			t.Fatal(err)
		}
		if n, _ := notify.Unread(ctx, d, inst); n != 0 {
			t.Errorf("after reading: %d", n)
		}
	})
}
