package jobs

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
)

// Two runners on one database (two servers) run a daily job once per day.
func TestDailyJobRunsOncePerDayAcrossServers(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC))
		var runs atomic.Int32
		j := Job{Name: "remind", Every: time.Hour, Slot: Daily, Run: func(context.Context) error { runs.Add(1); return nil }}
		servers := []*Runner{{DB: d, Clock: clk}, {DB: d, Clock: clk}}
		var wg sync.WaitGroup
		for i := 0; i < 10; i++ {
			for _, s := range servers {
				wg.Go(func() { s.RunOnce(context.Background(), j) })
			}
		}
		wg.Wait()
		if n := runs.Load(); n != 1 {
			t.Fatalf("ran %d times on day 1, want 1", n)
		}
		clk.Advance(24 * time.Hour)
		servers[1].RunOnce(context.Background(), j)
		servers[0].RunOnce(context.Background(), j)
		if n := runs.Load(); n != 2 {
			t.Fatalf("ran %d times after day 2, want 2", n)
		}
	})
}
