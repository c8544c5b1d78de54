package review_test

import (
	"context"
	"log/slog"
	"testing"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/filing"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/review"
)

// BenchmarkDecide times Service.Decide, the busiest write of the platform
// (docs/performance.md), one decision at a time on a small database of each
// engine: a level-1 approval (which opens level 2), a level-2 approval
// (which approves the filing and swaps its people's roles) and a level-1
// return. Each iteration first submits a new version of one of a few
// institutions, and afterwards brings the filing back to where it can be
// submitted again, both outside the timer; every run starts on a fresh
// database, so that runs of different lengths see the same tables.
func BenchmarkDecide(b *testing.B) {
	// The migrations each fresh database runs would log between a
	// benchmark's name and its figures.
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.DiscardHandler))
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			b.Run("level1-approve", func(b *testing.B) { benchDecide(b, e, 1, review.Approve) })
			b.Run("level2-approve", func(b *testing.B) { benchDecide(b, e, 2, review.Approve) })
			b.Run("level1-return", func(b *testing.B) { benchDecide(b, e, 1, review.Return) })
		})
	}
}

// benchFirms is how many institutions an iteration cycles through, so that
// no one institution's history grows long.
const benchFirms = 16

func benchDecide(b *testing.B, e db.Dialect, level int, decision string) {
	ctx := context.Background()
	d := dbtest.Open(b, e)
	clk := clock.NewFake(t0)
	s := filingtest.New(b, d, clk)
	local, prov := s.Reviewers(b, "430102")
	firms := make([]struct {
		id   int64
		user *auth.Actor
	}, min(b.N, benchFirms))
	for i := range firms {
		firms[i].id, firms[i].user = registrytest.NewApprovedInstitution(b, d, clk, "430102")
		if _, err := s.Filing.SaveDraft(ctx, firms[i].user, firms[i].id, filing.Draft{Document: s.CompleteDocument(b, firms[i].user, firms[i].id)}); err != nil {
			b.Fatal(err)
		}
	}
	deciders := map[int]*auth.Actor{1: local, 2: prov}
	open := func(instID int64, level int) int64 {
		t, err := s.Review.OpenTaskOf(ctx, deciders[level], instID)
		if err != nil {
			b.Fatalf("no open level-%d task: %v", level, err)
		}
		return t.ID
	}
	decide := func(a *auth.Actor, task int64, how string) {
		dec := review.Decision{Decision: how}
		if how == review.Return {
			dec.Comments = map[string]string{"general": "请补充材料"}
		}
		if _, err := s.Review.Decide(ctx, a, task, dec); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	b.StopTimer()
	for i := range b.N {
		f := firms[i%len(firms)]
		if _, err := s.Filing.Submit(ctx, f.user, f.id); err != nil {
			b.Fatal(err)
		}
		if level == 2 {
			decide(local, open(f.id, 1), review.Approve)
		}
		task := open(f.id, level)
		b.StartTimer()
		decide(deciders[level], task, decision)
		b.StopTimer()
		if level == 1 && decision == review.Approve {
			decide(prov, open(f.id, 2), review.Return) // back to the institution
		}
	}
}
