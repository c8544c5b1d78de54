package yearclose_test

import (
	"encoding/json"
	"testing"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/fee"
	"evalcred/internal/policy"
	"evalcred/internal/yearclose"
)

// The fee of known scores, by hand (policy defaults: 1,500.00 yuan a
// person-day, pool 30% of the fee budget, coefficients 100/80/50/0):
//
//	budget 333,333.33 yuan = 33,333,333 fen; pool = 9,999,999.9 -> 10,000,000 fen
//	lead: 10 person-days, every score 95 -> 95.00 -> 100%
//	  basic 10 x 150,000 = 1,500,000; performance 33,333,333 x 30% x 10/17 x 100%
//	  = 5,882,352.88 -> 5,882,353; total 7,382,353 fen
//	participant: 7 person-days, scores 80 85 90 75 88 -> 83.35 -> 80%
//	  basic 7 x 150,000 = 1,050,000; performance 33,333,333 x 30% x 7/17 x 80%
//	  = 3,294,117.61 -> 3,294,118; total 4,344,118 fen
//
// With the daily rate raised to 2,000.00 yuan from 2026 the 2026 project's
// basic fees follow; the 2025 fees stay as they were.
func TestFeesMatchHandComputationAndFollowTheYearsPolicy(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		lead, part := e.institution(), e.institution()
		if _, err := (&policy.Service{DB: d, Clock: e.clk}).Set(e.ctx, e.admin, policy.Input{Key: "fee.daily_rate_fen", Value: json.RawMessage(`200000`), EffectiveFrom: day("2026-01-01"), Note: "2026 rate"}); err != nil {
			t.Fatal(err)
		}
		project := func(year int) int64 {
			e.on(calendar.Date{Y: year, M: 11, D: 3})
			pid := e.project(year, 500_000_000, 33_333_333, calendar.Date{}, lead, part)
			e.score(pid, lead, "95", 10)
			e.scoreEach(pid, part, 7, "80", "85", "90", "75", "88")
			e.on(calendar.Date{Y: year + 1, M: 1, D: 20})
			if _, err := e.close.Close(e.ctx, e.admin, year); err != nil {
				t.Fatal(err)
			}
			return pid
		}
		p25 := project(2025)
		p26 := project(2026)
		want := map[[2]int64][4]int64{ // basic, pool, performance, total
			{p25, lead}: {1_500_000, 10_000_000, 5_882_353, 7_382_353},
			{p25, part}: {1_050_000, 10_000_000, 3_294_118, 4_344_118},
			{p26, lead}: {2_000_000, 10_000_000, 5_882_353, 7_882_353},
			{p26, part}: {1_400_000, 10_000_000, 3_294_118, 4_694_118},
		}
		for _, year := range []int{2025, 2026} {
			err := e.close.Fees(e.ctx, e.admin, year, func(r yearclose.FeeRow) error {
				w, ok := want[[2]int64{r.ProjectID, r.InstitutionID}]
				got := [4]int64{r.BasicFen, r.PoolFen, r.PerformanceFen, r.TotalFen}
				if !ok || got != w {
					t.Errorf("%d: fee of project %d institution %d = %v, want %v", year, r.ProjectID, r.InstitutionID, got, w)
				}
				delete(want, [2]int64{r.ProjectID, r.InstitutionID})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(want) != 0 {
			t.Errorf("fees missing: %v", want)
		}
	})
}

func TestRoundingHalfAwayFromZero(t *testing.T) {
	for _, c := range []struct {
		nums, dens []int64
		want       int64
	}{
		{[]int64{5}, []int64{10}, 1}, {[]int64{-5}, []int64{10}, -1}, {[]int64{4}, []int64{10}, 0},
		{[]int64{15}, []int64{10}, 2}, {[]int64{-15}, []int64{10}, -2}, {[]int64{1, 1}, []int64{3}, 0}, {[]int64{2}, []int64{3}, 1},
		{[]int64{9_000_000_000_000, 9_000_000}, []int64{9_000_000}, 9_000_000_000_000}, {[]int64{7}, []int64{0}, 0},
	} {
		if got := fee.MulDiv(c.nums, c.dens); got != c.want {
			t.Errorf("MulDiv(%v, %v) = %d, want %d", c.nums, c.dens, got, c.want)
		}
	}
}
