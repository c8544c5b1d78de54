package yeardemo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/demo"
	"evalcred/internal/demo/yeardemo"
	"evalcred/internal/region"
	"evalcred/internal/services"
	"evalcred/internal/training"
	"evalcred/internal/yearclose"
)

func load(t *testing.T, d *db.DB, at time.Time) (*app.App, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(at)
	cfg := app.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := app.New(d, cfg, clk)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if loaded, err := demo.Load(context.Background(), a.Services); err != nil || !loaded {
		t.Fatalf("load: %v %v", loaded, err)
	}
	t.Logf("the whole demo loaded in %v", time.Since(start))
	return a, clk
}

// The whole demo with issue 5's seed, on each engine: 2025 closed with a mix
// of grades and fees, the 2026 training keeping a few institutions out of
// the pool with the training reason, the completed demo project scored, and
// a ledger that verifies.
func TestSeed(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, clk := load(t, d, time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC))
		today := calendar.DateOf(clk.Now())
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			if err := d.QueryRow(ctx, q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		grades, err := db.Counts[string](ctx, d, "grades", "SELECT grade, COUNT(*) FROM year_grades WHERE year = ? AND province_code = '430000' GROUP BY grade", yeardemo.ClosedYear)
		if err != nil {
			t.Fatal(err)
		}
		if grades[yearclose.GradeExcellent] == 0 || grades[yearclose.GradeGood] == 0 || grades[yearclose.GradeQualified] == 0 || grades[yearclose.GradeUnqualified] != 0 {
			t.Errorf("grades of %d: %v", yeardemo.ClosedYear, grades)
		}
		if n := count("SELECT COUNT(*) FROM year_close_runs WHERE year = ? AND state = 'done'", yeardemo.ClosedYear); n != 1 {
			t.Errorf("%d finished closes", n)
		}
		if n := count("SELECT COUNT(*) FROM fees WHERE year = ?", yeardemo.ClosedYear); n == 0 {
			t.Error("no fees")
		}
		if n := count("SELECT COUNT(*) FROM assessments WHERE year = ? AND justifications_json NOT LIKE '%现场%'", yeardemo.ClosedYear); n != 0 {
			t.Errorf("%d assessments without the Chinese justifications", n)
		}
		if n := count("SELECT COUNT(*) FROM assessments WHERE year = ? AND state = 'open'", today.Y); n == 0 {
			t.Error("the completed project of this year is not assessed")
		}

		pool, err := a.Services.Credit.EligiblePool(ctx, d, region.Scope{Code: "430000"}, today)
		if err != nil {
			t.Fatal(err)
		}
		if len(pool) < 5 {
			t.Errorf("pool of %d: the training kept too many out", len(pool))
		}
		missing, err := db.IDs(ctx, d, "absent", `SELECT i.id FROM institutions i WHERE i.status = 'active' AND i.approved_version > 0 AND NOT EXISTS
			(SELECT 1 FROM training_attendance ta WHERE ta.institution_id = i.id AND ta.attended = TRUE) ORDER BY i.id`)
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) == 0 {
			t.Fatal("every institution attended: no training reason to show")
		}
		for _, id := range missing {
			if slices.Contains(pool, id) {
				t.Errorf("institution %d did not attend and is in the pool", id)
			}
			st, err := a.Services.Credit.Standing(ctx, d, id, today)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(st.Reasons, func(r credit.Reason) bool { return r.Code == training.RuleName }) {
				t.Errorf("institution %d: reasons %+v, want the training's", id, st.Reasons)
			}
		}
		if m, err := credit.VerifyLedger(ctx, d, a.Services.Ledger.PublicKey()); m != nil || err != nil {
			t.Errorf("ledger: %v %v", m, err)
		}
	})
}

// Without the demo officials or institutions the seed does nothing and
// never fails; before the close day and the training day it leaves them out.
func TestSeedWithoutEarlierSeeds(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, at := range []time.Time{time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC), time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)} {
			s, err := services.New(d, clock.NewFake(at), services.Config{DataDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			if err := yeardemo.Seed(ctx, s, nil); err != nil {
				t.Fatalf("no officials: %v", err)
			}
			if err := demo.CreateOfficials(ctx, s); err != nil && at.Month() == 6 {
				t.Fatal(err)
			}
			if err := yeardemo.Seed(ctx, s, nil); err != nil {
				t.Fatalf("no institutions on %v: %v", at, err)
			}
		}
	})
}
