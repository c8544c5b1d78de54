// Package registrytest creates officials and ready institutions for tests of
// any package that needs them:
//
//	clk := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
//	d := dbtest.Open(t, db.SQLite)
//	instID, user := registrytest.NewApprovedInstitution(t, d, clk, "430102")
//	reviewer := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430100")
//
// Everything goes through the real registry service, so the rows, audit log
// entries and notices are those production would write.
package registrytest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/locale"
	"evalcred/internal/notify"
	"evalcred/internal/registry"
)

// Password is the password of every account these helpers create.
const Password = "test-password-1"

// hash is computed once: argon2 is slow on purpose, tests need not be.
var hash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(Password)
	if err != nil {
		panic(err)
	}
	return h
})

var seq atomic.Int64

// next returns a number unique in this test binary, for usernames and codes.
func next() int64 { return seq.Add(1) }

// Notifier returns a notifier that renders messages with the real catalogues.
func Notifier() *notify.Notifier { return &notify.Notifier{T: locale.T} }

// Service returns a registry service on d and clk.
func Service(d *db.DB, clk clock.Clock) *registry.Service {
	return &registry.Service{DB: d, Clock: clk, Notify: Notifier()}
}

// Official creates an active account of role in regionCode (with an e-mail
// address, so that mail is queued for it) and returns its actor.
func Official(t testing.TB, d *db.DB, clk clock.Clock, role auth.Role, regionCode string) *auth.Actor {
	t.Helper()
	n := next()
	name := fmt.Sprintf("%s-%s-%d", role, regionCode, n)
	var id int64
	err := d.Tx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = auth.CreateUser(context.Background(), tx, auth.NewUser{Username: name, PasswordHash: hash(), Name: name, Role: role,
			RegionCode: regionCode, Email: name + "@czt.example.cn"}, clk.Now())
		return err
	})
	if err != nil {
		t.Fatalf("registrytest: create official: %v", err)
	}
	u, err := auth.GetUser(context.Background(), d, id)
	if err != nil {
		t.Fatalf("registrytest: %v", err)
	}
	return u.Actor()
}

// Input returns a valid registration for regionCode with a fresh USCC,
// name and username.
func Input(regionCode string) registry.RegistrationInput {
	n := next()
	r := rand.New(rand.NewPCG(uint64(n), 0x5eed))
	return registry.RegistrationInput{
		USCC:         ident.GenerateUSCC(r, regionCode),
		Name:         fmt.Sprintf("测试评价咨询有限公司%d", n),
		Type:         "consulting",
		RegionCode:   regionCode,
		ContactName:  "张联系",
		ContactPhone: "13800138000",
		ContactEmail: fmt.Sprintf("contact%d@firm.example.cn", n),
		Username:     fmt.Sprintf("inst%d", n),
		Password:     Password,
	}
}

// Register submits a registration for regionCode and returns its result.
func Register(t testing.TB, d *db.DB, clk clock.Clock, regionCode string) *registry.RegistrationResult {
	t.Helper()
	res, err := Service(d, clk).Register(context.Background(), Input(regionCode))
	if err != nil {
		t.Fatalf("registrytest: register: %v", err)
	}
	return res
}

// NewApprovedInstitution registers an institution in regionCode (a city or
// county), has a reviewer of that region approve it, and returns the
// institution's id and the actor of its user. Its filing is still empty.
func NewApprovedInstitution(t testing.TB, d *db.DB, clk clock.Clock, regionCode string) (int64, *auth.Actor) {
	t.Helper()
	res := Register(t, d, clk, regionCode)
	rev := Official(t, d, clk, auth.RoleLocalReviewer, regionCode)
	if _, err := Service(d, clk).ApproveRegistration(context.Background(), rev, res.ID); err != nil {
		t.Fatalf("registrytest: approve: %v", err)
	}
	return res.InstitutionID, InstitutionUser(t, d, res.InstitutionID)
}

// InstitutionUser returns the actor of the (first) account of an institution.
func InstitutionUser(t testing.TB, d *db.DB, institutionID int64) *auth.Actor {
	t.Helper()
	us, err := auth.UsersOfInstitution(context.Background(), d, institutionID)
	if err != nil || len(us) == 0 {
		t.Fatalf("registrytest: institution %d has no user (%v)", institutionID, err)
	}
	return us[0].Actor()
}
