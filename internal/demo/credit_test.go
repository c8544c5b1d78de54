package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/demo"
)

// The demo's credit records: one of each state the pages show, on demo
// institutions, with a ledger that verifies.
func TestCreditSeed(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t, dbtest.Engines()[0])
	clk := clock.NewFake(time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC))
	cfg := app.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := app.New(d, cfg, clk)
	if err != nil {
		t.Fatal(err)
	}
	if loaded, err := demo.Load(ctx, a.Services); err != nil || !loaded {
		t.Fatalf("load: %v %v", loaded, err)
	}
	rows, err := d.Query(ctx, "SELECT c.state, c.severity, c.repair_state, u.username IS NOT NULL FROM credit_records c LEFT JOIN users u ON u.institution_id = c.institution_id AND u.username = 'agency' ORDER BY c.id")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var state, severity, repair string
		var agency bool
		if err := rows.Scan(&state, &severity, &repair, &agency); err != nil {
			t.Fatal(err)
		}
		if agency {
			state += "/agency"
		}
		got = append(got, state+"/"+severity+"/"+repair)
	}
	rows.Close()
	// Other areas' seeds may add records of their own (assessment
	// consequences): the credit seed's four must be among them.
	for _, w := range []string{"repaired/general/approved", "effective/general/", "effective/serious/", "proposed/agency/general/"} {
		if !slices.Contains(got, w) {
			t.Errorf("no %s record among %v", w, got)
		}
	}
	bans, err := a.Services.Public.Bans(ctx, calendar.DateOf(clk.Now()))
	if err != nil || len(bans) == 0 {
		t.Errorf("ban list: %v %v", bans, err)
	}
	if m, err := credit.VerifyLedger(ctx, d, a.Services.Ledger.PublicKey()); m != nil || err != nil {
		t.Errorf("ledger: %v %v", m, err)
	}
}
