package httpapi_test

import (
	"context"
	"evalcred/internal/textnorm"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"evalcred/internal/apptest"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/ident"
	"evalcred/internal/publicquery"
	"evalcred/internal/registry"
	"evalcred/internal/review"
)

// benchInstitutions is the number of institutions in the region the
// benchmarks read.
const benchInstitutions = 10000

// seedRegion bulk-loads n active institutions in Furong district (430102)
// with valid USCCs, an approved filing, and an open level-1 review task
// each, due over the next weeks; it returns the USCCs. SQL rather than the
// services: the benchmark measures reading, and 10,000 argon2 hashes would
// take minutes.
func seedRegion(tb testing.TB, d *db.DB, n int, now time.Time) []string {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(430102, uint64(n)))
	usccs := make([]string, 0, n)
	seen := map[string]bool{}
	err := d.Tx(ctx, func(tx *db.Tx) error {
		for i := range n {
			u := ident.GenerateUSCC(r, "430102")
			for seen[u] {
				u = ident.GenerateUSCC(r, "430102")
			}
			seen[u] = true
			usccs = append(usccs, u)
			name := fmt.Sprintf("湖南第%05d绩效评价咨询有限公司", i)
			id, err := tx.Insert(ctx, `INSERT INTO institutions (uscc, name, name_norm, type, region_code, status, filing_state, filing_version, approved_version,
				approved_at, created_at, updated_at) VALUES (?, ?, ?, 'consulting', '430102', 'active', 'level1', 2, 1, ?, ?, ?)`,
				u, name, textnorm.Name(name), now, now, now)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO review_tasks (institution_id, region_code, filing_version, level, state, due_at, comments_json, created_at)
				VALUES (?, '430102', 2, 1, 'open', ?, '{}', ?)`, id, now.Add(time.Duration(i%500)*time.Hour), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	// The public search reads the name index; build it as after an import.
	if err := publicquery.Reindex(ctx, d); err != nil {
		tb.Fatal(err)
	}
	if d.Dialect == db.Postgres {
		if _, err := d.Exec(ctx, "ANALYZE institutions, review_tasks"); err != nil {
			tb.Fatal(err)
		}
	}
	return usccs
}

// serve runs one request through the whole handler (middleware included)
// without a network round trip, and fails unless it answers 200.
func serve(b *testing.B, h http.Handler, path, token string) {
	req := httptest.NewRequest("GET", path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
	}
}

// benchEnv starts the app on eng with the seeded region.
func benchEnv(b *testing.B, eng db.Dialect) (*apptest.Env, []string) {
	e := apptest.New(b, eng)
	return e, seedRegion(b, e.DB, benchInstitutions, e.Clock.Now())
}

// The public lookup of one institution by USCC among 10,000, through the
// service and through the JSON handler (GET /api/v1/public/institutions/{uscc}).
func BenchmarkIssue2PublicLookupByUSCC(b *testing.B) {
	for _, eng := range dbtest.Engines() {
		b.Run(string(eng), func(b *testing.B) {
			e, usccs := benchEnv(b, eng)
			ctx := context.Background()
			b.Run("service", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if _, err := e.App.Services.Public.Institution(ctx, usccs[i%len(usccs)]); err != nil {
						b.Fatal(err)
					}
					i += 7919
				}
			})
			b.Run("handler", func(b *testing.B) {
				i := 0
				for b.Loop() {
					serve(b, e.App.Handler, "/api/v1/public/institutions/"+usccs[i%len(usccs)], "")
					i += 7919
				}
			})
		})
	}
}

// The reviewer's queue with 10,000 open tasks in the region: a page of 50
// (the first, and one 5,000 rows in), through the service and through
// GET /api/v1/reviews as the Changsha city reviewer.
func BenchmarkIssue2ReviewerQueue(b *testing.B) {
	for _, eng := range dbtest.Engines() {
		b.Run(string(eng), func(b *testing.B) {
			e, _ := benchEnv(b, eng)
			ctx := context.Background()
			tok := e.Login("changsha")
			a := changshaActor(b, e, tok)
			for _, off := range []int{0, 5000} {
				b.Run(fmt.Sprintf("service/offset=%d", off), func(b *testing.B) {
					for b.Loop() {
						q, err := e.App.Services.Review.Queue(ctx, a, review.Filter{State: review.TaskOpen}, registry.Page{Limit: 50, Offset: off})
						if err != nil || len(q.Items) != 50 || q.Total != benchInstitutions {
							b.Fatalf("%v %d/%d", err, len(q.Items), q.Total)
						}
					}
				})
				b.Run(fmt.Sprintf("handler/offset=%d", off), func(b *testing.B) {
					for b.Loop() {
						serve(b, e.App.Handler, fmt.Sprintf("/api/v1/reviews?state=open&limit=50&offset=%d", off), tok)
					}
				})
			}
		})
	}
}

// changshaActor resolves the token as the middleware does.
func changshaActor(b *testing.B, e *apptest.Env, tok string) *auth.Actor {
	a, _, err := e.App.Services.Auth.Authenticate(context.Background(), tok)
	if err != nil {
		b.Fatal(err)
	}
	return a
}
