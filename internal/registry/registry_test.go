package registry_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/registry"
	"evalcred/internal/registry/registrytest"
)

var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // Monday morning in China

// counts returns the number of rows of the tables registration writes, to
// prove that a refused request changed nothing.
func counts(t *testing.T, d *db.DB) [4]int {
	t.Helper()
	var c [4]int
	for i, tbl := range []string{"institutions", "registrations", "users", "audit_log"} {
		if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+tbl).Scan(&c[i]); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func TestRegisterValidation(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(in *registry.RegistrationInput)
		field string
		key   string
	}{
		{"checksum", func(in *registry.RegistrationInput) { in.USCC = in.USCC[:17] + flip(in.USCC[17]) }, "uscc", "field.uscc_checksum"},
		{"short uscc", func(in *registry.RegistrationInput) { in.USCC = "91430102" }, "uscc", "field.uscc_length"},
		{"uscc alphabet", func(in *registry.RegistrationInput) { in.USCC = "91430102MA4L0000I0" }, "uscc", "field.uscc_alphabet"},
		{"no uscc", func(in *registry.RegistrationInput) { in.USCC = "" }, "uscc", "field.required"},
		{"no name", func(in *registry.RegistrationInput) { in.Name = "  " }, "name", "field.required"},
		{"long name", func(in *registry.RegistrationInput) { in.Name = strings.Repeat("名", 201) }, "name", "field.too_long"},
		{"type", func(in *registry.RegistrationInput) { in.Type = "bank" }, "type", "field.institution_type"},
		{"unknown region", func(in *registry.RegistrationInput) { in.RegionCode = "439999" }, "region_code", "field.region_code"},
		{"province region", func(in *registry.RegistrationInput) { in.RegionCode = "430000" }, "region_code", "field.region_level"},
		{"phone", func(in *registry.RegistrationInput) { in.ContactPhone = "12345" }, "contact_phone", "field.phone"},
		{"email", func(in *registry.RegistrationInput) { in.ContactEmail = "not-an-address" }, "contact_email", "field.email"},
		{"contact", func(in *registry.RegistrationInput) { in.ContactName = "" }, "contact_name", "field.required"},
		{"username", func(in *registry.RegistrationInput) { in.Username = "a b" }, "username", "field.username"},
		{"password", func(in *registry.RegistrationInput) { in.Password = "short" }, "password", "field.password_short"},
	}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := registrytest.Service(d, clock.NewFake(t0))
		before := counts(t, d)
		for _, c := range cases {
			in := registrytest.Input("430102")
			c.edit(&in)
			_, err := s.Register(context.Background(), in)
			e := apperr.As(err)
			if e.Code != apperr.Invalid || e.Fields[c.field] != c.key {
				t.Errorf("%s: got %v, want %s=%s", c.name, err, c.field, c.key)
			}
		}
		if after := counts(t, d); after != before {
			t.Errorf("refused registrations changed the database: %v → %v", before, after)
		}
	})
}

func flip(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

func TestRegisterNormalisesAndAcceptsFullWidth(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := registrytest.Service(d, clock.NewFake(t0))
		in := registrytest.Input("430102")
		want := in.USCC
		in.USCC = " " + strings.ToLower(want[:0]) + toFullWidth(want) + " "
		in.Name = "湖南Ｔｅｓｔ 评价（有限）公司"
		res, err := s.Register(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		var uscc, norm string
		if err := d.QueryRow(context.Background(), "SELECT uscc, name_norm FROM institutions WHERE id = ?", res.InstitutionID).Scan(&uscc, &norm); err != nil {
			t.Fatal(err)
		}
		if uscc != want || norm != "湖南test评价(有限)公司" {
			t.Errorf("stored %q %q", uscc, norm)
		}
		if res.State != "pending" || res.ID == 0 {
			t.Errorf("result %+v", res)
		}
	})
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r + 0xFEE0)
	}
	return b.String()
}

func TestRegisterConflicts(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := registrytest.Service(d, clock.NewFake(t0))
		first := registrytest.Input("430102")
		if _, err := s.Register(ctx, first); err != nil {
			t.Fatal(err)
		}
		before := counts(t, d)
		dupUSCC := registrytest.Input("430102")
		dupUSCC.USCC = first.USCC
		dupName := registrytest.Input("430102")
		dupName.Username = first.Username // waiting in a pending registration
		official := registrytest.Official(t, d, clock.NewFake(t0), auth.RoleLocalReviewer, "430102")
		before[2]++ // the official's account
		dupUser := registrytest.Input("430102")
		dupUser.Username = official.Username
		for _, c := range []struct {
			in    registry.RegistrationInput
			field string
		}{{dupUSCC, "uscc"}, {dupName, "username"}, {dupUser, "username"}} {
			_, err := s.Register(ctx, c.in)
			if e := apperr.As(err); e.Code != apperr.Conflict || e.Fields[c.field] == "" {
				t.Errorf("want conflict on %s, got %v", c.field, err)
			}
		}
		if after := counts(t, d); after != before {
			t.Errorf("refused registrations changed the database: %v → %v", before, after)
		}
	})
}
