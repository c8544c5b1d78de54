package credit_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/ident"
	"evalcred/internal/ledger"
	"evalcred/internal/locale"
	"evalcred/internal/notify"
	"evalcred/internal/publicquery"
)

// env is one test's world: a database, a fake clock on a Monday morning in
// China, the service, and people to act.
type env struct {
	t     *testing.T
	ctx   context.Context
	d     *db.DB
	clk   *clock.Fake
	s     *credit.Service
	key   ed25519.PrivateKey
	rnd   *rand.Rand
	users int

	reviewer, admin, admin2, county, otherProvince *auth.Actor
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	key := ed25519.NewKeyFromSeed(make([]byte, 32))
	e := &env{t: t, ctx: context.Background(), d: d, key: key, rnd: rand.New(rand.NewPCG(1, 2)),
		clk: clock.NewFake(day("2026-03-02").Time().Add(10 * time.Hour))}
	e.s = &credit.Service{DB: d, Clock: e.clk, Notify: &notify.Notifier{T: locale.T}, Ledger: ledger.New(key)}
	e.reviewer = e.user(auth.RoleProvincialReviewer, "430000", 0)
	e.admin = e.user(auth.RoleProvincialAdmin, "430000", 0)
	e.admin2 = e.user(auth.RoleProvincialAdmin, "430000", 0)
	e.county = e.user(auth.RoleLocalReviewer, "430102", 0)
	e.otherProvince = e.user(auth.RoleProvincialReviewer, "440000", 0)
	return e
}

// forEach runs fn in a fresh world on every engine.
func forEach(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d)) })
}

func day(s string) calendar.Date { return calendar.MustParseDate(s) }

// today is the fake clock's China date.
func (e *env) today() calendar.Date { return calendar.DateOf(e.clk.Now()) }

// on moves the clock to 10:00 China time on d.
func (e *env) on(d calendar.Date) { e.clk.Set(d.Time().Add(10 * time.Hour)) }

func (e *env) user(role auth.Role, regionCode string, institutionID int64) *auth.Actor {
	e.t.Helper()
	e.users++
	var id int64
	n := auth.NewUser{Username: fmt.Sprintf("user%d", e.users), PasswordHash: "x", Role: role, RegionCode: regionCode,
		InstitutionID: institutionID, Email: fmt.Sprintf("u%d@example.cn", e.users)}
	must(e.t, e.d.Tx(e.ctx, func(tx *db.Tx) error {
		var err error
		id, err = auth.CreateUser(e.ctx, tx, n, e.clk.Now())
		return err
	}))
	return &auth.Actor{UserID: id, Username: n.Username, Role: role, RegionCode: regionCode, InstitutionID: institutionID}
}

// institution inserts an active institution with an approved filing and a
// user, and indexes its name, as the registry would.
func (e *env) institution(name, regionCode string) (int64, *auth.Actor) {
	e.t.Helper()
	var id int64
	must(e.t, e.d.Tx(e.ctx, func(tx *db.Tx) error {
		var err error
		id, err = tx.Insert(e.ctx, `INSERT INTO institutions (uscc, name, name_norm, type, region_code, address, contact_phone, contact_email, status,
			approved_version, created_at, updated_at) VALUES (?, ?, '', 'accounting_firm', ?, ?, ?, ?, 'active', 1, ?, ?)`,
			ident.GenerateUSCC(e.rnd, regionCode), name, regionCode, name+"地址1号", fmt.Sprintf("0731-%08d", e.rnd.IntN(1e8)),
			fmt.Sprintf("contact%d@example.cn", e.rnd.IntN(1e6)), e.clk.Now(), e.clk.Now())
		if err != nil {
			return err
		}
		return publicquery.IndexName(e.ctx, tx, id, name)
	}))
	return id, e.user(auth.RoleInstitution, regionCode, id)
}

// person files someone with role at an institution.
func (e *env) person(institutionID int64, role string) string {
	e.t.Helper()
	idNumber := ident.GenerateResidentID(e.rnd, "430102", time.Date(1980, 5, 1, 0, 0, 0, 0, time.UTC))
	must(e.t, e.d.Tx(e.ctx, func(tx *db.Tx) error {
		pid, err := tx.Insert(e.ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, ?, ?)", idNumber, "张三", e.clk.Now())
		if err != nil {
			return err
		}
		_, err = tx.Exec(e.ctx, "INSERT INTO person_roles (person_id, institution_id, role, filing_version) VALUES (?, ?, ?, 1)", pid, institutionID, role)
		return err
	}))
	return idNumber
}

func (e *env) propose(in credit.ProposeInput) int64 {
	e.t.Helper()
	if in.Kind == "" {
		in.Kind = credit.KindBad
	}
	if in.Category == "" {
		in.Category = "poor_quality"
	}
	in.Facts, in.Basis = "报告质量不合格", "财监〔2021〕4号"
	res, err := e.s.Propose(e.ctx, e.reviewer, in)
	must(e.t, err)
	return res.ID
}

func (e *env) standing(id int64) credit.Standing {
	e.t.Helper()
	st, err := e.s.Standing(e.ctx, e.d, id, e.today())
	must(e.t, err)
	return st
}

func (e *env) published(id int64) []credit.PublicRecord {
	e.t.Helper()
	rs, err := credit.PublishedRecords(e.ctx, e.d, id, e.today())
	must(e.t, err)
	return rs
}

func (e *env) bans() []credit.BanEntry {
	e.t.Helper()
	bs, err := credit.BanList(e.ctx, e.d, e.today())
	must(e.t, err)
	return bs
}

func (e *env) verify() *ledger.Mismatch {
	e.t.Helper()
	m, err := credit.VerifyLedger(e.ctx, e.d, e.key.Public().(ed25519.PublicKey))
	must(e.t, err)
	return m
}

// ledgerIntact fails the test unless the ledger verifies.
func (e *env) ledgerIntact() {
	e.t.Helper()
	if m := e.verify(); m != nil {
		e.t.Fatalf("ledger: %v", m)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantErr fails unless err has code (and key, when given).
func wantErr(t *testing.T, err error, code apperr.Code, key string) {
	t.Helper()
	if !apperr.Is(err, code) || (key != "" && apperr.As(err).Key != key) {
		t.Fatalf("err = %v, want %s %s", err, code, key)
	}
}
