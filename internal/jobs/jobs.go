// Package jobs runs the background work (reminders, the e-mail outbox, expiry
// of sessions) on every server, while each periodic run happens exactly once
// across all of them: a run first claims its slot (job name + period, such as
// "overdue-reminders" + "2026-11-28") with an insert that only one server can
// win.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// Job is a periodic task.
type Job struct {
	Name string
	// Every is how often the runner looks at the job.
	Every time.Duration
	// Slot names the period a run belongs to; two runs with the same slot are one
	// run. An empty Slot means the job runs at every tick on every server (use it
	// for work that claims its own rows, like the outbox).
	Slot func(now time.Time) string
	Run  func(ctx context.Context) error
}

// Daily is a slot function for once-a-day jobs (days in China time).
func Daily(now time.Time) string {
	return now.In(shanghai).Format("2006-01-02")
}

var shanghai = func() *time.Location {
	if l, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*3600)
}()

// Runner runs jobs until its context ends.
type Runner struct {
	DB    *db.DB
	Clock clock.Clock
	Jobs  []Job
}

// Start runs every job on its own ticker until ctx is done.
func (r *Runner) Start(ctx context.Context) {
	for _, j := range r.Jobs {
		go r.loop(ctx, j)
	}
}

func (r *Runner) loop(ctx context.Context, j Job) {
	t := time.NewTicker(j.Every)
	defer t.Stop()
	for {
		r.RunOnce(ctx, j)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce runs j now if its current slot is not taken yet. It reports whether it ran.
func (r *Runner) RunOnce(ctx context.Context, j Job) bool {
	if j.Slot != nil {
		now := r.Clock.Now()
		ok, err := runStore{r.DB}.claim(ctx, j.Name, j.Slot(now), now)
		if err != nil {
			slog.ErrorContext(ctx, "job claim failed", "job", j.Name, "err", err)
			return false
		}
		if !ok {
			return false
		}
	}
	if err := j.Run(ctx); err != nil && ctx.Err() == nil {
		slog.ErrorContext(ctx, "job failed", "job", j.Name, "err", err)
	}
	return true
}
