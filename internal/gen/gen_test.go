package gen_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/gen"
	"evalcred/internal/ident"
	"evalcred/internal/publicquery"
	"evalcred/internal/region"
	"evalcred/internal/registry"
	"evalcred/internal/review"
	"evalcred/internal/services"
)

var today = calendar.MustParseDate("2026-06-15")

func small() gen.Options {
	o := gen.Defaults()
	o.Institutions, o.HotCount, o.Backlog, o.Seed, o.Today = 300, 60, 20, 42, today
	return o
}

func newSet(t testing.TB, d *db.DB) *services.Set {
	t.Helper()
	clk := clock.NewFake(today.Time().Add(12 * time.Hour))
	s, err := services.New(d, clk, services.Config{DataDir: t.TempDir(), LedgerKey: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The generated data set obeys the platform's own rules: the ledger
// verifies, the hot county's reviewer sees its queue, the public search and
// the eligible pool find institutions, and filing columns match versions.
func TestGenerateBothEngines(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newSet(t, d)
		st, err := gen.Run(ctx, s, small())
		if err != nil {
			t.Fatal(err)
		}
		if st.Institutions != 320 || st.Persons < 320*8 || st.Versions == 0 || st.Tasks == 0 || st.Records != 600 {
			t.Fatalf("stats %+v", st)
		}
		if m, err := credit.VerifyLedger(ctx, d, s.Ledger.PublicKey()); err != nil || m != nil {
			t.Fatalf("ledger: %v %+v", err, m)
		}
		var furong auth.User
		if err := d.QueryRow(ctx, "SELECT id, role, region_code FROM users WHERE username = 'furong'").Scan(&furong.ID, &furong.Role, &furong.RegionCode); err != nil {
			t.Fatal(err)
		}
		q, err := s.Review.Queue(ctx, furong.Actor(), review.Filter{State: "open"}, registry.Page{Limit: 50})
		if err != nil || q.Total < 60 || len(q.Items) != 50 {
			t.Fatalf("queue: %v total %d", err, q.Total)
		}
		var bad int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM institutions i WHERE i.filing_version > 0 AND NOT EXISTS (SELECT 1 FROM filing_versions v
			WHERE v.institution_id = i.id AND v.version = i.filing_version AND v.state = i.filing_state)`).Scan(&bad); err != nil || bad != 0 {
			t.Fatalf("institutions whose filing columns disagree with their latest version: %d %v", bad, err)
		}
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM review_tasks t JOIN filing_versions v ON v.institution_id = t.institution_id
			AND v.version = t.filing_version WHERE t.state = 'open' AND v.state <> (CASE t.level WHEN 1 THEN 'level1' ELSE 'level2' END)`).Scan(&bad); err != nil || bad != 0 {
			t.Fatalf("open tasks of versions in another state: %d %v", bad, err)
		}
		var name string
		if err := d.QueryRow(ctx, "SELECT name FROM institutions WHERE status = 'active' ORDER BY id DESC LIMIT 1").Scan(&name); err != nil {
			t.Fatal(err)
		}
		part := string([]rune(name)[2:6])
		res, err := s.Public.Search(ctx, part, publicquery.Page{})
		if err != nil || len(res.Items) == 0 {
			t.Fatalf("search %q: %v %v", part, res, err)
		}
		pool, err := s.Credit.EligiblePool(ctx, d, region.Scope{Code: region.RootCode}, today)
		if err != nil || len(pool) < 100 {
			t.Fatalf("eligible pool: %d %v", len(pool), err)
		}
		if _, err := gen.Run(ctx, s, small()); err == nil {
			t.Fatal("generated into a database that already holds institutions")
		}
	})
}

// One seed, one data set; another seed, another.
func TestDeterministic(t *testing.T) {
	a, err := gen.NewPlan(small())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := gen.NewPlan(small())
	if !slices.Equal(a.USCCs(), b.USCCs()) {
		t.Fatal("same seed, different USCCs")
	}
	for i := range a.Persons {
		if a.Persons[i] != b.Persons[i] {
			t.Fatalf("same seed, person %d differs: %+v %+v", i, a.Persons[i], b.Persons[i])
		}
	}
	o := small()
	o.Seed++
	c, _ := gen.NewPlan(o)
	if slices.Equal(a.USCCs(), c.USCCs()) {
		t.Fatal("another seed gave the same USCCs")
	}
}

// Every identifier is valid and unique, and the provinces get their share.
func TestIdentifiersAndProportions(t *testing.T) {
	o := small()
	o.Institutions, o.HotCount, o.Backlog = 3100, 0, 0
	p, err := gen.NewPlan(o)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	perProvince := map[string]int{}
	for _, in := range p.Institutions {
		if err := ident.ValidateUSCC(in.USCC); err != nil || seen[in.USCC] {
			t.Fatalf("USCC %s: %v (duplicate %v)", in.USCC, err, seen[in.USCC])
		}
		seen[in.USCC] = true
		if ident.DivisionOfUSCC(in.USCC) != in.Region.Code() {
			t.Fatalf("USCC %s registered in %s, institution in %s", in.USCC, ident.DivisionOfUSCC(in.USCC), in.Region.Code())
		}
		perProvince[in.Region.Code()[:2]]++
		if len([]rune(in.Name)) < 8 {
			t.Fatalf("implausible name %q", in.Name)
		}
	}
	for _, pe := range p.Persons {
		if err := ident.ValidateResidentID(pe.IDNumber, today.Time()); err != nil || seen[pe.IDNumber] {
			t.Fatalf("ID %s: %v (duplicate %v)", pe.IDNumber, err, seen[pe.IDNumber])
		}
		seen[pe.IDNumber] = true
	}
	if len(perProvince) != 31 {
		t.Fatalf("%d provinces", len(perProvince))
	}
	// Guangdong (weight 8) has eight times Tibet's (weight 1) institutions.
	if perProvince["44"] != 8*perProvince["54"] || perProvince["54"] != 31 {
		t.Fatalf("proportions: 44=%d 54=%d", perProvince["44"], perProvince["54"])
	}
}
