package auth_test

import (
	"fmt"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/region"
	"evalcred/internal/registry/registrytest"
)

// The provincial administrator resets the passwords of its province's
// staff, a city or county reviewer those of its region's institutions;
// every other account is not there for them.
func TestResetPasswordScope(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		b := newBench(t, d)
		admin := registrytest.Official(t, d, b.clk, auth.RoleProvincialAdmin, "430000")
		furong := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "430102")
		changsha := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "430100")
		tianxin := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "430103")
		guangdong := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "440100")
		expert := registrytest.Official(t, d, b.clk, auth.RoleExpert, "430000")
		_, inFurong := registrytest.NewApprovedInstitution(t, d, b.clk, "430102")
		_, inTianxin := registrytest.NewApprovedInstitution(t, d, b.clk, "430103")
		cases := []struct {
			name   string
			by     *auth.Actor
			target *auth.Actor
			ok     bool
		}{
			{"admin resets a county reviewer", admin, furong, true},
			{"admin resets an expert", admin, expert, true},
			{"admin, another province's reviewer", admin, guangdong, false},
			{"admin, an institution's user", admin, inFurong, false},
			{"admin, itself", admin, admin, false},
			{"county reviewer, its institution", furong, inFurong, true},
			{"city reviewer, an institution of its county", changsha, inTianxin, true},
			{"county reviewer, another county's institution", furong, inTianxin, false},
			{"county reviewer, another county's reviewer", furong, tianxin, false},
			{"county reviewer, the administrator", furong, admin, false},
			{"institution user, another account", inFurong, furong, false},
			{"expert, an institution", expert, inFurong, false},
		}
		for _, c := range cases {
			res, err := b.s.ResetPassword(b.ctx, c.by, c.target.UserID)
			if !c.ok {
				if !apperr.Is(err, apperr.NotFound) {
					t.Errorf("%s: %v, want not found", c.name, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if len(res.TemporaryPassword) < auth.MinPasswordLen || !res.User.MustChangePassword {
				t.Errorf("%s: temporary password %q, must change %v", c.name, res.TemporaryPassword, res.User.MustChangePassword)
			}
			// The old password is gone, the temporary one opens a session that must change it.
			if _, err := b.try(c.target.Username, pw, "198.51.100.1", ""); !apperr.Is(err, apperr.Unauthorized) {
				t.Errorf("%s: old password: %v", c.name, err)
			}
			in, err := b.try(c.target.Username, res.TemporaryPassword, "198.51.100.1", "")
			if err != nil || !in.User.MustChangePassword {
				t.Fatalf("%s: temporary password: %v", c.name, err)
			}
		}
		es, err := audit.Search(b.ctx, d, region.Scope{Code: "000000"}, audit.Filter{Action: "user.password_reset"})
		if err != nil || len(es) != 4 {
			t.Errorf("audit entries of resets: %v %d, want 4", err, len(es))
		}
	})
}

// Changing the temporary password lifts the duty; the new one must differ
// and be typed the same twice.
func TestChangeAfterReset(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		b := newBench(t, d)
		admin := registrytest.Official(t, d, b.clk, auth.RoleProvincialAdmin, "430000")
		staff := registrytest.Official(t, d, b.clk, auth.RoleProvincialReviewer, "430000")
		res, err := b.s.ResetPassword(b.ctx, admin, staff.UserID)
		if err != nil {
			t.Fatal(err)
		}
		in, err := b.try(staff.Username, res.TemporaryPassword, "198.51.100.1", "")
		if err != nil {
			t.Fatal(err)
		}
		a := in.User.Actor()
		other := "another-pass-2"
		bad := []struct {
			in    auth.PasswordChange
			field string
		}{
			{auth.PasswordChange{OldPassword: res.TemporaryPassword, NewPassword: res.TemporaryPassword}, "new_password"},
			{auth.PasswordChange{OldPassword: res.TemporaryPassword, NewPassword: "brand-new-pass", NewPasswordConfirm: &other}, "new_password_confirm"},
			{auth.PasswordChange{OldPassword: "not it at all", NewPassword: "brand-new-pass"}, "old_password"},
		}
		for _, c := range bad {
			err := b.s.ChangePassword(b.ctx, a, c.in, in.Token)
			if _, ok := apperr.As(err).Fields[c.field]; !ok {
				t.Errorf("%+v: %v, want %s refused", c.in, err, c.field)
			}
		}
		same := "brand-new-pass"
		if err := b.s.ChangePassword(b.ctx, a, auth.PasswordChange{OldPassword: res.TemporaryPassword, NewPassword: same, NewPasswordConfirm: &same}, in.Token); err != nil {
			t.Fatal(err)
		}
		me, err := b.s.Me(b.ctx, a)
		if err != nil || me.MustChangePassword {
			t.Errorf("after the change: %v, must change %v", err, me.MustChangePassword)
		}
	})
}

// An account held back by failures is unlocked by whoever looks after it;
// the log of failures says when, from where and why, and keeps them after
// the unlock.
func TestUnlockAndFailureLog(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		b := newBench(t, d)
		admin := registrytest.Official(t, d, b.clk, auth.RoleProvincialAdmin, "430000")
		furong := registrytest.Official(t, d, b.clk, auth.RoleLocalReviewer, "430102")
		staff := registrytest.Official(t, d, b.clk, auth.RoleProvincialReviewer, "430000")
		if _, err := b.s.Unlock(b.ctx, admin, staff.UserID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("unlock of an account not held back: %v, want conflict", err)
		}
		for i := 0; i < auth.AccountLockFailures/4; i++ {
			b.fail(staff.Username, fmt.Sprintf("203.0.113.%d", i+1), 4)
		}
		if _, err := b.try(staff.Username, pw, "192.0.2.1", ""); !isWait(err) {
			t.Fatalf("before the unlock: %v, want held back", err)
		}
		users, err := b.s.Users(b.ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			if u.ID == staff.UserID && (!u.Locked || !u.Actions.Has("unlock") || !u.Actions.Has("reset_password")) {
				t.Errorf("listed %+v, want locked with unlock and reset", u)
			}
		}
		if _, err := b.s.Unlock(b.ctx, furong, staff.UserID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("county reviewer unlocks a provincial official: %v, want not found", err)
		}
		log, err := b.s.FailureLog(b.ctx, admin, staff.UserID)
		if err != nil || len(log.Failures) < auth.PairFreeFailures {
			t.Fatalf("failure log: %v %+v", err, log)
		}
		latest := log.Failures[0]
		if latest.IP != fmt.Sprintf("203.0.113.%d", auth.AccountLockFailures/4) || latest.Reason != auth.ReasonWrongPassword || !latest.At.Equal(b.clk.Now()) || latest.Cleared {
			t.Errorf("latest failure %+v", latest)
		}
		u, err := b.s.Unlock(b.ctx, admin, staff.UserID)
		if err != nil || u.Locked {
			t.Fatalf("unlock: %v %+v", err, u)
		}
		if _, err := b.try(staff.Username, pw, "192.0.2.1", ""); err != nil {
			t.Errorf("after the unlock: %v", err)
		}
		log, _ = b.s.FailureLog(b.ctx, admin, staff.UserID)
		if len(log.Failures) == 0 || !log.Failures[0].Cleared {
			t.Errorf("after the unlock the log keeps the failures, forgiven: %+v", log.Failures)
		}
		if _, err := b.s.FailureLog(b.ctx, furong, staff.UserID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("county reviewer reads a provincial official's log: %v", err)
		}
		es, _ := audit.Search(b.ctx, d, region.Scope{Code: "000000"}, audit.Filter{Action: "user.unlocked"})
		if len(es) != 1 || es[0].ActorName != admin.Username {
			t.Errorf("audit of the unlock: %+v", es)
		}
	})
}
