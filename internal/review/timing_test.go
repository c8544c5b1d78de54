package review_test

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/registry"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/review"
)

func china(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, calendar.China())
}

// Level 1 is due two working days after submission, by the official calendar.
func TestDueDates(t *testing.T) {
	cases := []struct {
		name      string
		submitted time.Time
		due       string
	}{
		{"monday", china(2026, 3, 2, 10), "2026-03-04"},
		{"friday evening over a weekend", china(2026, 3, 6, 20), "2026-03-10"},
		{"before Qingming", china(2026, 4, 2, 9), "2026-04-07"},
		{"before Labour Day", china(2026, 4, 30, 9), "2026-05-07"},
		{"make-up Saturday before Spring Festival", china(2026, 2, 13, 9), "2026-02-24"},
	}
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		local := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430102")
		for _, c := range cases {
			clk.Set(c.submitted.Add(-time.Hour))
			instID, user := registrytest.NewApprovedInstitution(t, d, clk, "430102")
			doc := s.CompleteDocument(t, user, instID)
			clk.Set(c.submitted)
			s.Submit(t, user, instID, doc)
			q, err := s.Review.Queue(context.Background(), local, review.Filter{State: "open"}, registry.Page{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, task := range q.Items {
				if task.InstitutionID != instID {
					continue
				}
				want, _ := time.ParseInLocation("2006-01-02 15:04:05.000", c.due+" 23:59:59.999", calendar.China())
				if !task.DueAt.Equal(want) {
					t.Errorf("%s: due %s, want %s", c.name, task.DueAt.In(calendar.China()), want)
				}
			}
		}
	})
}

// Two reviewers decide one task at once: exactly one wins, the other gets 409.
func TestConcurrentDecide(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		instID, _, _ := s.NewSubmittedFiling(t, "430102")
		furong := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430102")
		changsha := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430100")
		var taskID int64
		_ = d.QueryRow(ctx, "SELECT id FROM review_tasks WHERE institution_id = ?", instID).Scan(&taskID)
		decide := func(a *auth.Actor, dec review.Decision) func() error {
			return func() error {
				_, err := s.Review.Decide(ctx, a, taskID, dec)
				return err
			}
		}
		dbtest.OneWins(t, decide(furong, review.Decision{Decision: "approve"}),
			decide(changsha, review.Decision{Decision: "return", Comments: map[string]string{"institution": "地址有误"}}))
		// Exactly one outcome happened: either a level-2 task or a return.
		var l2, returned int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM review_tasks WHERE institution_id = ? AND level = 2", instID).Scan(&l2)
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM institutions WHERE id = ? AND filing_state = 'returned'", instID).Scan(&returned)
		if l2+returned != 1 {
			t.Errorf("level-2 tasks %d, returned %d", l2, returned)
		}
	})
}
