package perf_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/gen"
	"evalcred/internal/publicquery"
	"evalcred/internal/region"
	"evalcred/internal/review"
	"evalcred/internal/services"
)

// The batch benchmarks run the heavy jobs at service level on one generated
// national data set per engine (EVALCRED_PERF_INSTITUTIONS, default 50,000,
// of which EVALCRED_PERF_HOT in 430102 waiting at level 1), built once per
// process on first use; like the load test they are skipped unless
// EVALCRED_PERF=1. PostgreSQL runs when EVALCRED_PERF_POSTGRES is set, in a
// database evalcred_perf_batch dropped at the end. For example:
//
//	EVALCRED_PERF=1 go test -run '^$' -bench . -benchtime 2000x ./internal/perf/
//
// EVALCRED_PERF_DB names a file generated before (evalcred gen, e.g. the load
// test's cache) to copy for SQLite instead of generating one.
var fixtures = map[db.Dialect]*services.Set{}

func TestMain(m *testing.M) {
	code := m.Run()
	for e, s := range fixtures {
		s.DB.Close()
		if e == db.Postgres {
			if admin, err := db.Open(context.Background(), os.Getenv("EVALCRED_PERF_POSTGRES")); err == nil {
				_, _ = admin.Exec(context.Background(), "DROP DATABASE IF EXISTS evalcred_perf_batch WITH (FORCE)")
				admin.Close()
			}
		}
	}
	os.Exit(code)
}

// engines are the engines of the batch benchmarks.
func engines() []db.Dialect {
	if os.Getenv("EVALCRED_PERF_POSTGRES") != "" {
		return []db.Dialect{db.SQLite, db.Postgres}
	}
	return []db.Dialect{db.SQLite}
}

// fixture returns the engine's generated data set, generating it on first use.
func fixture(b *testing.B, e db.Dialect) *services.Set {
	perfOnly(b, "run the batch benchmarks on a generated national data set")
	if s, ok := fixtures[e]; ok {
		return s
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "evalcred-perf-")
	if err != nil {
		b.Fatal(err)
	}
	dsn := filepath.Join(dir, "batch.db")
	reuse := os.Getenv("EVALCRED_PERF_DB") // a generated SQLite file to copy instead of generating
	if e == db.SQLite && reuse != "" {
		if err := copyFile(reuse, dsn); err != nil {
			b.Fatal(err)
		}
	}
	if e == db.Postgres {
		base := os.Getenv("EVALCRED_PERF_POSTGRES")
		admin, err := db.Open(ctx, base)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = admin.Exec(ctx, "DROP DATABASE IF EXISTS evalcred_perf_batch WITH (FORCE)")
		if _, err := admin.Exec(ctx, "CREATE DATABASE evalcred_perf_batch"); err != nil {
			b.Fatal(err)
		}
		admin.Close()
		u, _ := url.Parse(base)
		u.Path = "/evalcred_perf_batch"
		dsn = u.String()
	}
	d, err := db.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	if err := d.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	clk := clock.NewFake(calendar.Today().Time().Add(12 * time.Hour))
	s, err := services.New(d, clk, services.Config{DataDir: dir, LedgerKey: ledgerKey})
	if err != nil {
		b.Fatal(err)
	}
	if e == db.SQLite && reuse != "" {
		fixtures[e] = s
		return s
	}
	o := gen.Defaults()
	st := load()
	o.Institutions, o.HotCount, o.Today = st.institutions, st.hot, calendar.Today()
	start := time.Now()
	if _, err := gen.Run(ctx, s, o); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: generated %d institutions in %v", e, o.Institutions, time.Since(start).Round(time.Second))
	fixtures[e] = s
	return s
}

func official(b *testing.B, s *services.Set, username string) *auth.Actor {
	var id int64
	if err := s.DB.QueryRow(context.Background(), "SELECT id FROM users WHERE username = ?", username).Scan(&id); err != nil {
		b.Fatal(err)
	}
	u, err := auth.GetUser(context.Background(), s.DB, id)
	if err != nil {
		b.Fatal(err)
	}
	return u.Actor()
}

func openTasks(b *testing.B, s *services.Set, level int, prefix string) []int64 {
	var out []int64
	for _, v := range strs(b, s.DB, `SELECT CAST(id AS TEXT) FROM review_tasks WHERE state = 'open' AND level = ? AND region_code >= ? AND region_code < ?
		ORDER BY id`, level, prefix, prefix+"z") {
		id, _ := strconv.ParseInt(v, 10, 64)
		out = append(out, id)
	}
	return out
}

// BenchmarkTwoLevelReview decides open tasks through review.Service.Decide
// from 8 goroutines: level 1 by the hot county's reviewer (furong), then
// level 2 by the province (hunan) of the tasks level 1 opened. ns/op is the
// time per decision at that concurrency; decisions/s is its inverse.
func BenchmarkTwoLevelReview(b *testing.B) {
	for _, e := range engines() {
		b.Run(string(e), func(b *testing.B) {
			s := fixture(b, e)
			for _, lv := range []struct {
				level      int
				user, pref string
			}{{1, "furong", "430102"}, {2, "hunan", "43"}} {
				b.Run(fmt.Sprintf("level%d", lv.level), func(b *testing.B) {
					a := official(b, s, lv.user)
					pool := openTasks(b, s, lv.level, lv.pref)
					var next, fails atomic.Int64
					b.SetParallelism(4) // 4 x GOMAXPROCS(2) = 8 goroutines
					b.ResetTimer()
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							k := next.Add(1) - 1
							if k >= int64(len(pool)) {
								fails.Add(1)
								continue
							}
							if _, err := s.Review.Decide(context.Background(), a, pool[k], review.Decision{Decision: review.Approve}); err != nil {
								fails.Add(1)
							}
						}
					})
					groups, members := s.DB.GroupStats()
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
					if groups > 0 {
						b.ReportMetric(float64(members)/float64(groups), "tx/commit")
					}
					if n := fails.Load(); n > 0 {
						b.Errorf("%d of %d decisions failed (pool of %d tasks)", n, b.N, len(pool))
					}
				})
			}
		})
	}
}

// BenchmarkEligiblePool computes the eligible pool of the whole country on
// today: one set-based query over every institution, sanction and record.
func BenchmarkEligiblePool(b *testing.B) {
	for _, e := range engines() {
		b.Run(string(e), func(b *testing.B) {
			s := fixture(b, e)
			var n int
			for b.Loop() {
				ids, err := s.Credit.EligiblePool(context.Background(), s.DB, region.Scope{Code: region.RootCode}, calendar.Today())
				if err != nil {
					b.Fatal(err)
				}
				n = len(ids)
			}
			b.ReportMetric(float64(n), "eligible")
		})
	}
}

// BenchmarkPublicSearch searches by four characters from the middle of the
// names of every 50th active institution, as the load test does, through
// publicquery.Service.Search.
func BenchmarkPublicSearch(b *testing.B) {
	for _, e := range engines() {
		b.Run(string(e), func(b *testing.B) {
			s := fixture(b, e)
			var parts []string
			for i, n := range strs(b, s.DB, "SELECT name FROM institutions WHERE status = 'active' ORDER BY id") {
				if r := []rune(n); i%50 == 0 && len(r) > 8 {
					parts = append(parts, string(r[2:6]))
				}
			}
			hits := 0
			i := 0
			for b.Loop() {
				r, err := s.Public.Search(context.Background(), parts[i%len(parts)], publicquery.Page{})
				if err != nil {
					b.Fatal(err)
				}
				hits += len(r.Items)
				i++
			}
			b.ReportMetric(float64(hits)/float64(i), "hits/op")
		})
	}
}
