package demoapp_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apptest/demoapp"
	"evalcred/internal/db/dbtest"
)

// The demo reads like a platform in use: an FAQ with answers, and project,
// credit and help-desk events spread over the past months, none of them at
// the moment the demo was loaded or after it.
func TestDemoLooksLived(t *testing.T) {
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			e := demoapp.New(t, eng)
			ctx := context.Background()
			if p := e.Browser("").Get("/faq"); p.Status != 200 || strings.Count(p.HTML, `<dt id="faq-`) < 5 {
				t.Errorf("the public FAQ has %d entries", strings.Count(p.HTML, `<dt id="faq-`))
			}
			now := e.Clock.Now()
			for _, c := range []struct{ what, sql string }{
				{"project events", "SELECT at FROM project_events"},
				{"credit records", "SELECT created_at FROM credit_records"},
				{"questions", "SELECT created_at FROM questions"},
				{"FAQ entries", "SELECT created_at FROM faq_entries"},
			} {
				rows, err := e.DB.Query(ctx, c.sql)
				if err != nil {
					t.Fatal(err)
				}
				days := map[string]bool{}
				var first, last time.Time
				for rows.Next() {
					var at time.Time
					if err := rows.Scan(&at); err != nil {
						t.Fatal(err)
					}
					if !at.Before(now) {
						t.Errorf("%s: one dated %v, not before the demo's day %v", c.what, at, now)
					}
					days[at.Format(time.DateOnly)] = true
					if first.IsZero() || at.Before(first) {
						first = at
					}
					if at.After(last) {
						last = at
					}
				}
				rows.Close()
				if len(days) < 3 || last.Sub(first) < 21*24*time.Hour {
					t.Errorf("%s fall on %d days between %v and %v: not spread over weeks", c.what, len(days), first, last)
				}
			}
		})
	}
}
