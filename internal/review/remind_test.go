package review_test

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/review"
)

func countNotices(t *testing.T, d *db.DB, kind string, userID int64) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM notifications WHERE kind = ? AND (user_id = ? OR institution_id = ?)", kind, userID, userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Overdue reviews remind the deciding reviewers and the region above, once a
// day however often the job runs.
func TestRemindOverdue(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		furong := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430102")
		changsha := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430100")
		hunan := registrytest.Official(t, d, clk, auth.RoleProvincialReviewer, "430000")
		zhuzhou := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430200")
		instID, _, _ := s.NewSubmittedFiling(t, "430102") // due Wednesday night

		clk.Set(t0.Add(48 * time.Hour)) // Wednesday: not yet overdue
		if err := s.Review.RemindOverdue(ctx); err != nil {
			t.Fatal(err)
		}
		if n := countNotices(t, d, "notice.review_overdue", furong.UserID); n != 0 {
			t.Fatalf("reminded before due: %d", n)
		}
		clk.Set(t0.Add(72 * time.Hour)) // Thursday
		for range 2 {
			if err := s.Review.RemindOverdue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			who  *auth.Actor
			want int
		}{{furong, 1}, {changsha, 1}, {hunan, 1}, {zhuzhou, 0}} {
			if n := countNotices(t, d, "notice.review_overdue", c.who.UserID); n != c.want {
				t.Errorf("%s: %d reminders, want %d", c.who.Username, n, c.want)
			}
		}
		clk.Advance(24 * time.Hour) // Friday: once more
		_ = s.Review.RemindOverdue(ctx)
		_ = s.Review.RemindOverdue(ctx)
		if n := countNotices(t, d, "notice.review_overdue", furong.UserID); n != 2 {
			t.Errorf("after two days: %d reminders", n)
		}
		// Decided tasks are not reminded.
		s.DecideOpen(t, furong, instID, 1, review.Decision{Decision: "approve"})
		clk.Advance(24 * time.Hour)
		_ = s.Review.RemindOverdue(ctx)
		if n := countNotices(t, d, "notice.review_overdue", furong.UserID); n != 2 {
			t.Errorf("decided task reminded: %d", n)
		}
	})
}

// An approved filing due for its yearly update is reminded once per due date.
func TestRemindUpdatesDue(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		instID, _ := s.NewApprovedFiling(t, "430102") // update due 2027-03-02
		run := func() int {
			t.Helper()
			if err := s.Review.RemindUpdatesDue(ctx); err != nil {
				t.Fatal(err)
			}
			return countNotices(t, d, "notice.filing_update_due", instID)
		}
		clk.Set(time.Date(2027, 1, 20, 2, 0, 0, 0, time.UTC)) // 41 days before
		if n := run(); n != 0 {
			t.Fatalf("reminded %d days early", 41)
		}
		clk.Set(time.Date(2027, 2, 5, 2, 0, 0, 0, time.UTC)) // within 30 days
		run()
		if n := run(); n != 1 {
			t.Errorf("%d reminders, want 1", n)
		}
		clk.Advance(10 * 24 * time.Hour)
		if n := run(); n != 1 {
			t.Errorf("reminded again for the same due date: %d", n)
		}
		// A new approved version moves the due date: a new reminder when it nears.
		if _, err := d.Exec(ctx, "UPDATE institutions SET update_due_on = ? WHERE id = ?", "2027-03-10", instID); err != nil {
			t.Fatal(err)
		}
		if n := run(); n != 2 {
			t.Errorf("new due date not reminded: %d", n)
		}
	})
}

func TestJobsAreDaily(t *testing.T) {
	js := (&review.Service{}).Jobs()
	if len(js) != 2 || js[0].Slot == nil || js[1].Slot == nil {
		t.Errorf("jobs %+v", js)
	}
}
