// Package projecttest makes what project tests need and the registry,
// filing and review parts produce in real life: institutions whose filing is
// approved, the persons they filed, their users, and sanctions. It writes the
// rows directly, so that project tests do not depend on the whole filing and
// review workflow; the rows have the shape migration 0002 and the filing
// part give them (person_roles active for the approved version). Env (env.go)
// wires the project services as the tests of project and of the packages
// building on it use them.
package projecttest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/ident"
)

var seq atomic.Int64

func rng() *rand.Rand { n := seq.Add(1); return rand.New(rand.NewPCG(uint64(n), 0x9a0)) }

// Institution inserts an active institution in regionCode with an approved
// filing (eligible unless sanctioned) and returns its id.
func Institution(t testing.TB, d *db.DB, clk clock.Clock, regionCode string) int64 {
	t.Helper()
	n := seq.Add(1)
	name := fmt.Sprintf("湘测评价咨询有限公司%d", n)
	var id int64
	err := d.Tx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = InsertInstitution(context.Background(), tx, clk.Now(), ident.GenerateUSCC(rng(), regionCode), name, regionCode)
		return err
	})
	if err != nil {
		t.Fatalf("projecttest: institution: %v", err)
	}
	return id
}

// InsertInstitution is Institution inside a transaction (benchmarks insert
// thousands).
func InsertInstitution(ctx context.Context, tx *db.Tx, now time.Time, uscc, name, regionCode string) (int64, error) {
	return tx.Insert(ctx, `INSERT INTO institutions (uscc, name, name_norm, type, region_code, status, filing_state, filing_version, approved_version,
		approved_at, created_at, updated_at) VALUES (?, ?, ?, 'consulting', ?, 'active', 'approved', 1, 1, ?, ?, ?)`,
		uscc, name, name, regionCode, now, now, now)
}

// Person files a new person at the institution with role (lead_evaluator,
// practitioner, expert) and returns their resident ID number.
func Person(t testing.TB, d *db.DB, clk clock.Clock, institutionID int64, role string) string {
	t.Helper()
	idn := ident.GenerateResidentID(rng(), "430102", time.Date(1980+int(seq.Load()%20), 5, 17, 0, 0, 0, 0, time.UTC))
	ctx := context.Background()
	err := d.Tx(ctx, func(tx *db.Tx) error {
		pid, err := tx.Insert(ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, ?, ?)", idn, fmt.Sprintf("评价人员%d", seq.Add(1)), clk.Now())
		if err != nil {
			return err
		}
		return addRole(ctx, tx, clk, pid, institutionID, role)
	})
	if err != nil {
		t.Fatalf("projecttest: person: %v", err)
	}
	return idn
}

func addRole(ctx context.Context, tx *db.Tx, clk clock.Clock, personID, institutionID int64, role string) error {
	_, err := tx.Exec(ctx, "INSERT INTO person_roles (person_id, institution_id, role, filing_version, active, started_on) VALUES (?, ?, ?, 1, TRUE, ?)",
		personID, institutionID, role, calendar.DateOf(clk.Now()))
	return err
}

// User creates a login of role (institution users with their institution)
// with password "demo12345" and returns the actor.
func User(t testing.TB, d *db.DB, clk clock.Clock, role auth.Role, regionCode string, institutionID int64) *auth.Actor {
	t.Helper()
	name := fmt.Sprintf("%s%d", role, seq.Add(1))
	ctx := context.Background()
	var id int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = auth.CreateUser(ctx, tx, auth.NewUser{Username: name, Password: "demo12345", Name: name, Role: role, RegionCode: regionCode,
			InstitutionID: institutionID, Email: name + "@example.cn"}, clk.Now())
		return err
	})
	if err != nil {
		t.Fatalf("projecttest: user: %v", err)
	}
	u, err := auth.GetUser(ctx, d, id)
	if err != nil {
		t.Fatal(err)
	}
	return u.Actor()
}

// Sanction puts a ban or suspension in force on the institution from
// yesterday for a year, as another province's ban would.
func Sanction(t testing.TB, d *db.DB, clk clock.Clock, institutionID int64, typ string) {
	t.Helper()
	today := calendar.DateOf(clk.Now())
	_, err := d.Exec(context.Background(), `INSERT INTO sanctions (institution_id, type, scope, starts_on, ends_on, source_kind, source_id, reason, created_at)
		VALUES (?, ?, 'province', ?, ?, 'foreign_ban', ?, 'test', ?)`, institutionID, typ, today.AddDays(-1), today.AddDays(365), seq.Add(1), clk.Now())
	if err != nil {
		t.Fatalf("projecttest: sanction: %v", err)
	}
}

// Firm is an institution with a lead evaluator and practitioners.
type Firm struct {
	ID            int64
	LeadEvaluator string   // ID number
	Practitioners []string // ID numbers
}

// Firms makes n eligible institutions in regionCode, each with one lead
// evaluator and k practitioners.
func Firms(t testing.TB, d *db.DB, clk clock.Clock, regionCode string, n, k int) []Firm {
	t.Helper()
	out := make([]Firm, n)
	for i := range out {
		f := Firm{ID: Institution(t, d, clk, regionCode)}
		f.LeadEvaluator = Person(t, d, clk, f.ID, "lead_evaluator")
		for j := 0; j < k; j++ {
			f.Practitioners = append(f.Practitioners, Person(t, d, clk, f.ID, "practitioner"))
		}
		out[i] = f
	}
	return out
}
