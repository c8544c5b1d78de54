package yearclose_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/project/projecttest"
)

// Benchmark sizes: a province's year at scale.
const (
	benchInstitutions = 10_000
	benchPerProject   = 5 // institutions per project: 10,000 projects, 50,000 assessments
)

// buildYear writes institutions, completed projects and final assessments
// of year straight into the tables, a few thousand rows per statement batch
// inside one transaction: the close, not the builder, is what is measured.
func buildYear(b *testing.B, e *env, year int) {
	ctx, now := context.Background(), e.clk.Now()
	r := rand.New(rand.NewPCG(uint64(year), 7))
	weights := `{"onsite":25,"report":20,"rigour":20,"scheme_design":20,"timeliness":15}`
	just := `{"onsite":"x","report":"x","rigour":"x","scheme_design":"x","timeliness":"x"}`
	err := e.d.Tx(ctx, func(tx *db.Tx) error {
		ids := make([]int64, benchInstitutions)
		for i := range ids {
			var err error
			ids[i], err = projecttest.InsertInstitution(ctx, tx, now, fmt.Sprintf("BENCH%013d", i), fmt.Sprintf("基准评价机构%d", i), "430102")
			if err != nil {
				return err
			}
		}
		// Each institution has a level of quality its scores scatter around,
		// so that about a fifth end unqualified: the close's heaviest path.
		level := make([]int, benchInstitutions)
		for i := range level {
			level[i] = 5000 + r.IntN(5001)
		}
		completed := calendar.Date{Y: year, M: 10, D: 1}
		deadline := calendar.Date{Y: year, M: 10, D: 20}
		for p := 0; p < benchInstitutions; p++ {
			pid, err := insertProject(ctx, tx, now, year, 10_000_000+int64(r.IntN(1_000_000_000)), 1_000_000+int64(r.IntN(10_000_000)), calendar.Date{}, ids[p])
			if err != nil {
				return err
			}
			for k := 0; k < benchPerProject; k++ {
				n := (p + k*1999) % benchInstitutions
				inst := ids[n]
				s := [5]int{}
				total := 0
				for d := range s {
					s[d] = min(10000, max(0, level[n]-1000+r.IntN(2001)))
				}
				total = (s[0]*20 + s[1]*25 + s[2]*15 + s[3]*20 + s[4]*20 + 50) / 100
				role := "participant"
				if k == 0 {
					role = "lead"
				}
				if _, err := tx.Exec(ctx, `INSERT INTO assessments (project_id, institution_id, year, province_code, region_code, role, scheme_design, onsite,
					timeliness, rigour, report, justifications_json, weights_json, total, person_days, completed_on, comment_deadline, state, assessed_by,
					assessor_region, created_at, updated_at) VALUES (?, ?, ?, '430000', '430100', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, '430000', ?, ?)`,
					pid, inst, year, role, s[0], s[1], s[2], s[3], s[4], just, weights, total, 1+r.IntN(30), completed, deadline, e.reviewer.UserID, now, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkYearClose closes a year of 10,000 institutions and 50,000 project
// assessments (about a fifth unqualified: as many suspensions and proposed
// records through the credit part), then closes it again (the idempotent re-run), on each engine.
//
//	go test -run '^$' -bench YearClose -benchtime 1x ./internal/yearclose/
func BenchmarkYearClose(b *testing.B) {
	for _, eng := range dbtest.Engines() {
		b.Run(string(eng), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				e := newEnv(b, dbtest.Open(b, eng))
				e.on(day("2025-03-03"))
				buildYear(b, e, 2025)
				e.on(day("2026-01-20"))
				b.StartTimer()
				start := time.Now()
				run, err := e.close.Close(e.ctx, e.admin, 2025)
				if err != nil || run.State != "done" {
					b.Fatalf("close: %v %+v", err, run)
				}
				first := time.Since(start)
				start = time.Now()
				again, err := e.close.Close(e.ctx, e.admin, 2025)
				if err != nil || again.GradesAdded+again.FeesAdded+again.ConsequencesAdded+again.RecordsAdded != 0 {
					b.Fatalf("second close: %v %+v", err, again)
				}
				b.ReportMetric(first.Seconds(), "first-s")
				b.ReportMetric(time.Since(start).Seconds(), "again-s")
				b.ReportMetric(float64(run.GradesAdded), "grades")
				b.ReportMetric(float64(run.FeesAdded), "fees")
				b.ReportMetric(float64(run.ConsequencesAdded), "consequences")
				b.ReportMetric(float64(run.RecordsAdded), "records")
			}
		})
	}
}
