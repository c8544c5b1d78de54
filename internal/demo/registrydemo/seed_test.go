package registrydemo_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/demo/registrydemo"
	"evalcred/internal/filestore"
	"evalcred/internal/ident"
)

func seed(t *testing.T, d *db.DB) *clock.Fake {
	t.Helper()
	clk := clock.NewFake(time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC))
	files, _ := filestore.NewDir(t.TempDir())
	if err := registrydemo.SeedDemo(context.Background(), d, clk, rand.New(rand.NewPCG(2026, 430000)), files); err != nil {
		t.Fatal(err)
	}
	return clk
}

func TestSeedDemo(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := seed(t, d)
		states, err := db.Counts[string](ctx, d, "states", "SELECT status || '/' || filing_state, COUNT(*) FROM institutions GROUP BY status, filing_state")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"pending/none", "active/none", "active/draft", "active/level1", "active/level2", "active/returned", "active/approved"} {
			if states[s] == 0 {
				t.Errorf("no institution in state %s: %v", s, states)
			}
		}
		var total int
		for _, n := range states {
			total += n
		}
		if total != 40 {
			t.Errorf("%d institutions", total)
		}
		// The agency login belongs to 湖南天平 in 430102, approved.
		as := &auth.Service{DB: d, Clock: clk}
		_, _, u, err := as.Login(ctx, registrydemo.AgencyUsername, registrydemo.Password, "", auth.KindBearer)
		if err != nil {
			t.Fatal(err)
		}
		var name, region, state, uscc string
		_ = d.QueryRow(ctx, "SELECT name, region_code, filing_state, uscc FROM institutions WHERE id = ?", u.InstitutionID).Scan(&name, &region, &state, &uscc)
		if name != "湖南天平会计师事务所有限公司" || region != "430102" || state != "approved" || ident.ValidateUSCC(uscc) != nil {
			t.Errorf("agency institution %s %s %s %s", name, region, state, uscc)
		}
		// Open level-1 tasks: most overdue, the two fresh ones not.
		var open, overdue int
		_ = d.QueryRow(ctx, "SELECT COUNT(*), SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END) FROM review_tasks WHERE state = 'open' AND level = 1", clk.Now()).Scan(&open, &overdue)
		if open != 9 || overdue == 0 || overdue == open {
			t.Errorf("open level-1 tasks %d, overdue %d", open, overdue)
		}
		for _, who := range []string{"furong", "changsha", "zhuzhou", "hunan", "admin", "mof", "loudi"} {
			if _, _, _, err := as.Login(ctx, who, registrydemo.Password, "", auth.KindBearer); err != nil {
				t.Errorf("login %s: %v", who, err)
			}
		}
		// Nothing in the future.
		var future int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE at > ?", clk.Now()).Scan(&future)
		if future != 0 {
			t.Errorf("%d audit entries in the future", future)
		}
		// Running it again changes nothing.
		before := countAll(t, d)
		seed(t, d)
		if countAll(t, d) != before {
			t.Error("second run added data")
		}
	})
}

func countAll(t *testing.T, d *db.DB) int {
	var n int
	_ = d.QueryRow(context.Background(), "SELECT (SELECT COUNT(*) FROM institutions) + (SELECT COUNT(*) FROM audit_log)").Scan(&n)
	return n
}

// The same seed gives the same data.
func TestSeedDemoDeterministic(t *testing.T) {
	var usccs [2][]string
	for i := range usccs {
		d := dbtest.Open(t, db.SQLite)
		seed(t, d)
		var err error
		if usccs[i], err = db.Strings(context.Background(), d, "usccs", "SELECT uscc FROM institutions ORDER BY id"); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(usccs[0], usccs[1]) || len(usccs[0]) == 0 {
		t.Error("two runs with one seed differ")
	}
}
