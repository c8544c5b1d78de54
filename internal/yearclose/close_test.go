package yearclose_test

import (
	"testing"

	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
)

// Qualified in two consecutive years: ineligible for the whole next year and
// eligible after it; a good year in between breaks the run.
func TestConsecutiveQualifiedSuspendsTheWholeNextYear(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		twice, broken := e.institution(), e.institution()
		e.gradeYear(2025, map[int64]string{twice: "70", broken: "70"})
		e.gradeYear(2026, map[int64]string{twice: "75", broken: "85"})
		e.gradeYear(2027, map[int64]string{broken: "65"})
		for _, c := range []struct {
			inst int64
			on   string
			want bool
		}{
			{twice, "2026-12-31", true},
			{twice, "2027-01-01", false},
			{twice, "2027-07-01", false},
			{twice, "2027-12-31", false},
			{twice, "2028-01-01", true},
			{broken, "2027-06-01", true},
			{broken, "2028-06-01", true},
		} {
			if got := e.eligible(c.inst, day(c.on)); got != c.want {
				t.Errorf("institution %d eligible on %s = %v, want %v", c.inst, c.on, got, c.want)
			}
		}
		if n := e.count("SELECT COUNT(*) FROM sanctions WHERE institution_id = ? AND source_kind = 'assessment'", broken); n != 0 {
			t.Errorf("qualified, good, qualified: %d sanctions, want none", n)
		}
	})
}

// A second close of the same year adds no grade, suspension, record or fee.
func TestCloseTwiceChangesNothing(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		bad, good := e.institution(), e.institution()
		first := e.gradeYear(2025, map[int64]string{bad: "50", good: "92"})
		if first.GradesAdded != 2 || first.ConsequencesAdded != 1 || first.RecordsAdded != 1 || first.FeesAdded != 2 {
			t.Fatalf("first run: %+v", first)
		}
		counts := func() [4]int {
			return [4]int{e.count("SELECT COUNT(*) FROM sanctions"), e.count("SELECT COUNT(*) FROM credit_records"),
				e.count("SELECT COUNT(*) FROM fees"), e.count("SELECT COUNT(*) FROM year_grades")}
		}
		before := counts()
		if before != [4]int{1, 1, 2, 2} {
			t.Fatalf("after the first run: sanctions, records, fees, grades = %v", before)
		}
		second, err := e.close.Close(e.ctx, e.admin, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if second.GradesAdded+second.ConsequencesAdded+second.RecordsAdded+second.FeesAdded != 0 || second.Done != 2 {
			t.Errorf("second run changed something: %+v", second)
		}
		if after := counts(); after != before {
			t.Errorf("second run: %v, want %v", after, before)
		}
		if e.eligible(bad, day("2026-05-01")) || !e.eligible(good, day("2026-05-01")) {
			t.Error("unqualified must be suspended in 2026, excellent not")
		}
		changes, err := e.close.Changes(e.ctx, e.admin, second.ID, "", 100, 0)
		if err != nil || len(changes) != 0 {
			t.Errorf("second run report: %v %v", changes, err)
		}
	})
}

// Two servers starting the same close at once: the claim lets one through.
func TestCloseIsClaimedOnce(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.on(day("2026-01-20"))
		if _, err := d.Exec(e.ctx, "INSERT INTO year_close_claims (province_code, year, run_id, heartbeat_at) VALUES ('430000', 2025, 999, ?)", e.clk.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := e.close.Start(e.ctx, e.admin, 2025); err == nil {
			t.Fatal("a claimed year started a second run")
		}
	})
}
