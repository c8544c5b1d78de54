package policy_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/policy"
)

var admin = &auth.Actor{UserID: 1, Username: "admin", Role: auth.RoleProvincialAdmin, RegionCode: "430000"}

// A new version takes effect on its date in its province only; earlier dates
// and other provinces keep what they had.
func TestVersionsByDateAndProvince(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		day := calendar.MustParseDate
		s := &policy.Service{DB: d, Clock: clock.NewFake(time.Now())}
		if _, err := s.Set(ctx, admin, policy.Input{Key: "review.level1_due_workdays", Value: json.RawMessage(`3`), EffectiveFrom: day("2027-01-01"), Note: "2027 rules"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			region string
			on     string
			want   int
		}{
			{"430102", "2026-12-31", 2},
			{"430102", "2027-01-01", 3},
			{"110105", "2027-06-01", 2},
		} {
			n, err := policy.Int(ctx, d, c.region, "review.level1_due_workdays", day(c.on))
			if err != nil || n != c.want {
				t.Errorf("%s on %s: %d %v, want %d", c.region, c.on, n, err, c.want)
			}
		}
		cur, err := s.Current(ctx, admin, day("2026-12-01"))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range cur {
			if e.Key == "review.level1_due_workdays" && (string(e.Value) != "2" || e.Scheduled == nil || string(e.Scheduled.Value) != "3") {
				t.Errorf("current entry = %+v", e)
			}
		}
		if len(cur) != len(policy.Keys()) {
			t.Errorf("%d current entries for %d keys", len(cur), len(policy.Keys()))
		}
		hist, err := s.History(ctx, admin, "review.level1_due_workdays")
		if err != nil || len(hist) != 1 || string(hist[0].Value) != "3" || hist[0].Note != "2027 rules" {
			t.Errorf("history: %+v %v", hist, err)
		}
		if _, err := s.History(ctx, admin, "no.such.key"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("history of an unknown key: %v", err)
		}
	})
}

func TestSetRefusesWrongShapeAndOthers(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		from := calendar.MustParseDate("2027-01-01")
		cases := []struct {
			a     *auth.Actor
			key   string
			value string
			code  apperr.Code
			field string
		}{
			{admin, "no.such.key", `1`, apperr.Invalid, "key"},
			{admin, "fee.coefficients", `{"a": 1}`, apperr.Invalid, "value"},
			{admin, "credit.publication_months", `{"general": {"min": 3, "max": 12}}`, apperr.Invalid, "value"},
			{&auth.Actor{UserID: 2, Role: auth.RoleProvincialReviewer, RegionCode: "430000"}, "review.level1_due_workdays", `3`, apperr.Forbidden, ""},
		}
		s := &policy.Service{DB: d, Clock: clock.NewFake(time.Now())}
		for _, c := range cases {
			_, err := s.Set(ctx, c.a, policy.Input{Key: c.key, Value: json.RawMessage(c.value), EffectiveFrom: from})
			e := apperr.As(err)
			if e.Code != c.code || (c.field != "" && e.Fields[c.field] == "") {
				t.Errorf("%s %s: %v", c.key, c.value, err)
			}
		}
		var n int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM policies").Scan(&n)
		if n != 0 {
			t.Errorf("%d versions stored after refusals", n)
		}
	})
}
