package review_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/registry"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/review"
)

// The queue and the dashboard stay fast with 10,000 institutions and open
// tasks in one county: one indexed query per figure, no query per row.
func TestQueueAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("bulk data")
	}
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		const n = 10000
		err := d.Tx(ctx, func(tx *db.Tx) error {
			for i := range n {
				id, err := tx.Insert(ctx, `INSERT INTO institutions (uscc, name, name_norm, type, region_code, status, filing_state, filing_version, created_at, updated_at)
					VALUES (?, ?, ?, 'consulting', '430102', 'active', 'level1', 1, ?, ?)`, fmt.Sprintf("X%017d", i), fmt.Sprintf("机构%d", i), fmt.Sprintf("机构%d", i), t0, t0)
				if err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `INSERT INTO review_tasks (institution_id, region_code, filing_version, level, state, due_at, created_at)
					VALUES (?, '430102', 1, 1, 'open', ?, ?)`, id, t0.Add(time.Duration(i%200)*time.Hour), t0); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(100 * time.Hour)
		changsha := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430100")
		start := time.Now()
		q, err := s.Review.Queue(ctx, changsha, review.Filter{State: "open", Overdue: true}, registry.Page{Limit: 50, Offset: 100})
		took := time.Since(start)
		if err != nil || len(q.Items) != 50 || q.Total != n/200*100 {
			t.Fatalf("queue: %v total %d items %d", err, q.Total, len(q.Items))
		}
		start = time.Now()
		dash, err := s.Review.Dashboard(ctx, changsha)
		dtook := time.Since(start)
		if err != nil || dash.Total.ReviewsPending != n {
			t.Fatalf("dashboard: %v %+v", err, dash.Total)
		}
		t.Logf("queue page %v, dashboard %v", took, dtook)
		if took > 2*time.Second || dtook > 2*time.Second {
			t.Errorf("too slow: queue %v, dashboard %v", took, dtook)
		}
	})
}
