package notify_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/notify"
)

// A notice to an institution is one notice in the platform and one e-mail to
// each of its active users with an address, in Chinese; nobody else is
// written to.
func TestToInstitutionMailsEachActiveUser(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC)
		user := func(name string, inst int64, email string, active bool) {
			t.Helper()
			if _, err := d.Exec(ctx, `INSERT INTO users (username, password_hash, role, region_code, institution_id, email, active, created_at, updated_at)
				VALUES (?, 'x', 'institution', '430102', ?, ?, ?, ?, ?)`, name, inst, email, active, now, now); err != nil {
				t.Fatal(err)
			}
		}
		user("a", 5, "a@example.cn", true)
		user("b", 5, "", true)              // no address
		user("c", 5, "c@example.cn", false) // deactivated
		user("d", 5, "d@example.cn", true)
		user("e", 6, "e@example.cn", true) // another institution
		n := &notify.Notifier{T: func(lang, key string, args ...any) string {
			return fmt.Sprintf("[%s]%s%v", lang, key, args)
		}}
		err := d.Tx(ctx, func(tx *db.Tx) error {
			return n.ToInstitution(ctx, tx, now, 5, "notice.filing_approved", "/institutions/5/filings/2", "2")
		})
		if err != nil {
			t.Fatal(err)
		}
		var notices int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE institution_id = 5 AND kind = 'notice.filing_approved'").Scan(&notices)
		if notices != 1 {
			t.Errorf("%d notices, want 1", notices)
		}
		rows, err := d.Query(ctx, "SELECT to_addr, subject, body FROM outbox ORDER BY to_addr")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var to []string
		for rows.Next() {
			var addr, subject, body string
			if err := rows.Scan(&addr, &subject, &body); err != nil {
				t.Fatal(err)
			}
			to = append(to, addr)
			if subject != "[zh]mail.subject[][zh]notice.filing_approved[2]" || body != "[zh]notice.filing_approved[2]\n\n/institutions/5/filings/2" {
				t.Errorf("mail to %s: %q / %q", addr, subject, body)
			}
		}
		if want := []string{"a@example.cn", "d@example.cn"}; !slices.Equal(to, want) {
			t.Errorf("mails to %v, want %v", to, want)
		}
	})
}

// The header's count reads at most UnreadCap notices, counting a user's own
// and their institution's; the list shows both, and both are read once
// listed and marked, nobody else's.
func TestInboxCountsListsAndMarks(t *testing.T) {
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
		box := &notify.Inbox{DB: d, Clock: clock.NewFake(now)}
		inst := &auth.Actor{UserID: 7, InstitutionID: 3}
		if n, err := box.Unread(ctx, inst); err != nil || n != 3 {
			t.Errorf("institution user: %d %v, want 3", n, err)
		}
		busy := &auth.Actor{UserID: 8}
		if n, _ := box.Unread(ctx, busy); n != notify.UnreadCap {
			t.Errorf("busy reviewer: %d, want the cap %d", n, notify.UnreadCap)
		}
		if list, err := box.List(ctx, inst, 0); err != nil || len(list) != 3 || list[0].Read {
			t.Errorf("institution user's list: %+v %v", list, err)
		}
		if err := box.MarkRead(ctx, inst); err != nil {
			t.Fatal(err)
		}
		if n, _ := box.Unread(ctx, inst); n != 0 {
			t.Errorf("after reading: %d", n)
		}
		if list, _ := box.List(ctx, inst, 0); len(list) != 3 || !list[0].Read {
			t.Errorf("after reading: %+v", list)
		}
		if n, _ := box.Unread(ctx, busy); n != notify.UnreadCap {
			t.Errorf("another's notices were marked read: %d unread", n)
		}
	})
}
