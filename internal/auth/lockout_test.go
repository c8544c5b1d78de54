package auth_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/registry/registrytest"
)

var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

const pw = registrytest.Password

type bench struct {
	t   *testing.T
	ctx context.Context
	clk *clock.Fake
	s   *auth.Service
	d   *db.DB
}

func newBench(t *testing.T, d *db.DB) *bench {
	clk := clock.NewFake(t0)
	return &bench{t: t, ctx: context.Background(), clk: clk, s: &auth.Service{DB: d, Clock: clk}, d: d}
}

func (b *bench) try(username, password, ip, devices string) (*auth.LoginResult, error) {
	return b.s.LoginFrom(b.ctx, auth.LoginAttempt{Username: username, Password: password, IP: ip, Devices: devices, Kind: auth.KindCookie})
}

// fail makes n wrong guesses at username from ip, each refused as a wrong
// password (not as a wait).
func (b *bench) fail(username, ip string, n int) {
	b.t.Helper()
	for i := 0; i < n; i++ {
		if _, err := b.try(username, "wrong guess", ip, ""); !apperr.Is(err, apperr.Unauthorized) {
			b.t.Fatalf("guess %d at %s from %s: %v, want a wrong password", i+1, username, ip, err)
		}
	}
}

func isWait(err error) bool { return apperr.Is(err, apperr.RateLimited) }

// Five wrong passwords from one address make that address wait before it
// may try the account again, a wait that doubles; the owner, elsewhere,
// logs in at once with the right password.
func TestGuessesMakeTheirAddressWaitNotTheOwner(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		b := newBench(t, d)
		owner := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "430102")
		const attacker, office = "203.0.113.9", "198.51.100.20"
		b.fail(owner.Username, attacker, auth.PairFreeFailures)
		// Even the right password is not checked from the attacker's address now.
		if _, err := b.try(owner.Username, pw, attacker, ""); !isWait(err) || apperr.As(err).Key != "login.error.wait_seconds" {
			t.Fatalf("attacker's address after %d failures: %v, want a wait", auth.PairFreeFailures, err)
		}
		res, err := b.try(owner.Username, pw, office, "")
		if err != nil || res.User.ID != owner.UserID {
			t.Fatalf("owner from the office: %v", err)
		}
		// The wait ends, one more wrong guess doubles it.
		b.clk.Advance(auth.PairFirstWait)
		b.fail(owner.Username, attacker, 1)
		b.clk.Advance(auth.PairFirstWait)
		if _, err := b.try(owner.Username, "wrong guess", attacker, ""); !isWait(err) {
			t.Fatalf("after %v of a doubled wait: %v, want still waiting", auth.PairFirstWait, err)
		}
		b.clk.Advance(auth.PairFirstWait)
		b.fail(owner.Username, attacker, 1)
		// The doubling stops at its cap: minutes, said in minutes.
		for i := 0; i < 3; i++ {
			b.clk.Advance(auth.PairMaxWait)
			b.fail(owner.Username, attacker, 1)
		}
		_, err = b.try(owner.Username, pw, attacker, "")
		if !isWait(err) || apperr.As(err).Key != "login.error.wait_minutes" || apperr.As(err).Args[0] != int(auth.PairMaxWait/time.Minute) {
			t.Fatalf("at the cap: %v, want a wait of %v in minutes", err, auth.PairMaxWait)
		}
		// Failures older than the window no longer count.
		b.clk.Advance(auth.FailureWindow)
		if _, err := b.try(owner.Username, pw, attacker, ""); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}

// Guesses from many addresses lock the account for browsers it does not
// know; the owner's own browser, known from an earlier login, still gets in
// with the right password, from anywhere.
func TestKnownDeviceGetsInDespiteALockedAccount(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		b := newBench(t, d)
		owner := registrytest.Official(t, d, b.clk, auth.RoleProvincialReviewer, "430000")
		first, err := b.try(owner.Username, pw, "198.51.100.20", "")
		if err != nil || first.Devices == "" {
			t.Fatalf("first login: %v, device cookie %q", err, first.Devices)
		}
		for i := 0; i < auth.AccountLockFailures; i++ {
			b.fail(owner.Username, fmt.Sprintf("203.0.113.%d", i+1), 1)
		}
		if _, err := b.try(owner.Username, pw, "192.0.2.7", ""); !isWait(err) || apperr.As(err).Key != "login.error.account_locked" {
			t.Fatalf("unknown browser on a locked account: %v, want locked", err)
		}
		res, err := b.try(owner.Username, pw, "192.0.2.8", first.Devices)
		if err != nil {
			t.Fatalf("owner's known browser: %v", err)
		}
		if res.Devices != first.Devices {
			t.Errorf("known browser's cookie changed: %q → %q", first.Devices, res.Devices)
		}
		// A made-up or stolen-from-another-account token is not known.
		other := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "430102")
		theirs, err := b.try(other.Username, pw, "192.0.2.9", "")
		if err != nil {
			t.Fatal(err)
		}
		for _, cookie := range []string{theirs.Devices, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "junk"} {
			if _, err := b.try(owner.Username, pw, "192.0.2.10", cookie); !isWait(err) {
				t.Errorf("cookie %q on a locked account: %v, want locked", cookie, err)
			}
		}
		// One browser remembers both accounts.
		both, err := b.try(other.Username, pw, "192.0.2.11", first.Devices)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.try(owner.Username, pw, "192.0.2.12", both.Devices); err != nil {
			t.Errorf("shared browser, first account: %v", err)
		}
	})
}

// A whole department behind one address, with many people mistyping their
// own passwords, is slowed by a short wait at most, never locked; its
// people on known browsers are not slowed at all.
func TestANATOfDistinctAccountsIsNotLocked(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		b := newBench(t, d)
		const nat = "100.64.0.1"
		staff := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "430102")
		known, err := b.try(staff.Username, pw, nat, "")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < auth.AddressFreeFailures+10; i++ {
			if i >= auth.AddressFreeFailures {
				b.clk.Advance(auth.AddressMaxWait)
			}
			b.fail(fmt.Sprintf("colleague%d", i), nat, 1)
		}
		if _, err := b.try(staff.Username, pw, nat, known.Devices); err != nil {
			t.Fatalf("known browser behind the busy address: %v", err)
		}
		newcomer := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "430102")
		_, err = b.try(newcomer.Username, pw, nat, "")
		if !isWait(err) || apperr.As(err).Key != "login.error.busy_address_seconds" {
			t.Fatalf("new browser behind the busy address: %v, want a short wait", err)
		}
		b.clk.Advance(auth.AddressMaxWait)
		if _, err := b.try(newcomer.Username, pw, nat, ""); err != nil {
			t.Fatalf("after %v: %v, want in", auth.AddressMaxWait, err)
		}
	})
}

// A success from an address forgives that address's failures, not those
// from elsewhere.
func TestSuccessForgivesOnlyItsOwnAddress(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		b := newBench(t, d)
		owner := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "430102")
		b.fail(owner.Username, "198.51.100.20", auth.PairFreeFailures-1)
		b.fail(owner.Username, "203.0.113.9", auth.PairFreeFailures)
		if _, err := b.try(owner.Username, pw, "198.51.100.20", ""); err != nil {
			t.Fatal(err)
		}
		b.fail(owner.Username, "198.51.100.20", auth.PairFreeFailures-1)
		if _, err := b.try(owner.Username, pw, "203.0.113.9", ""); !isWait(err) {
			t.Errorf("the other address: %v, want still waiting", err)
		}
	})
}
