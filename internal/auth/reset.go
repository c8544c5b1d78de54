package auth

import (
	"context"
	"crypto/rand"
	"math/big"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/db"
	"evalcred/internal/workflow"
)

// Who looks after whose account: the provincial administrator after the
// staff accounts of its region, a city or county reviewer after the
// accounts of its region's institutions. Looking after an account is
// resetting its password, unlocking it and reading its failed logins.
// Nobody looks after their own account: they change their password
// themselves.
func (a *Actor) looksAfter(u *User) bool {
	if a == nil || u.ID == a.UserID || !a.Scope().Contains(u.RegionCode) {
		return false
	}
	if u.Role.ByRegistration() {
		return a.Can("user.reset_institution")
	}
	return a.Can("user.manage")
}

// lookedAfter returns the account id if a looks after it; any other is
// NotFound, exactly like a missing one.
func (s *Service) lookedAfter(ctx context.Context, q db.Queryer, a *Actor, id int64) (*User, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	u, err := userStore{q}.get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.looksAfter(u) {
		return nil, apperr.NotFoundf("user")
	}
	return u, nil
}

// Reset is a password reset's answer: the account and its temporary
// password, shown this once and stored only as its hash.
type Reset struct {
	User              *User  `json:"user"`
	TemporaryPassword string `json:"temporary_password"`
}

// ResetPassword gives the account id a temporary password that its owner
// must change at the next login, ends its sessions and forgives its failed
// logins.
func (s *Service) ResetPassword(ctx context.Context, a *Actor, id int64) (*Reset, error) {
	u, err := s.lookedAfter(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	pw, err := s.reset(ctx, a.Who(), u)
	if err != nil {
		return nil, err
	}
	if u, err = s.described(ctx, a, id); err != nil {
		return nil, err
	}
	return &Reset{User: u, TemporaryPassword: pw}, nil
}

// ResetByOperator is ResetPassword for the operator at the server's
// command line (evalcred user reset-password): the way back for an
// administrator nobody else can reset.
func (s *Service) ResetByOperator(ctx context.Context, username string) (*Reset, error) {
	u, err := userStore{s.DB}.named(ctx, username)
	if err != nil {
		return nil, err
	}
	pw, err := s.reset(ctx, audit.Who{Name: "cli"}, u)
	if err != nil {
		return nil, err
	}
	if u, err = (userStore{s.DB}).get(ctx, u.ID); err != nil {
		return nil, err
	}
	return &Reset{User: u, TemporaryPassword: pw}, nil
}

// reset stores a fresh temporary password for u and returns it.
func (s *Service) reset(ctx context.Context, who audit.Who, u *User) (string, error) {
	pw := temporaryPassword()
	hash, err := HashPassword(pw)
	if err != nil {
		return "", err
	}
	now := s.Clock.Now()
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := (userStore{tx}).setPassword(ctx, u.ID, hash, true, now); err != nil {
			return err
		}
		if err := (sessionStore{tx}).endAll(ctx, u.ID); err != nil {
			return err
		}
		if err := (failureStore{tx}).clearAccount(ctx, u.Username); err != nil {
			return err
		}
		return audit.Record(ctx, tx, who, now, "user.password_reset", "user", u.ID, u.RegionCode, nil, map[string]bool{"must_change_password": true})
	})
	return pw, err
}

// Unlock forgives the failed logins of the account id, so that it may log
// in from anywhere again. An account that failures do not hold back is a
// Conflict.
func (s *Service) Unlock(ctx context.Context, a *Actor, id int64) (*User, error) {
	u, err := s.described(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !u.Locked {
		return nil, apperr.New(apperr.Conflict, "login.error.not_locked")
	}
	now := s.Clock.Now()
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := (failureStore{tx}).clearAccount(ctx, u.Username); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "user.unlocked", "user", id, u.RegionCode, map[string]int{"recent_failures": u.RecentFailures}, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.described(ctx, a, id)
}

// FailureLogLimit is how many failures the log shows, newest first.
const FailureLogLimit = 200

// AccountFailures is an account with its failed logins, for the log's page.
type AccountFailures struct {
	User     *User     `json:"user"`
	Failures []Failure `json:"items"`
}

// FailureLog is the account id and its failed logins.
func (s *Service) FailureLog(ctx context.Context, a *Actor, id int64) (*AccountFailures, error) {
	u, err := s.described(ctx, a, id)
	if err != nil {
		return nil, err
	}
	list, err := failureStore{s.DB}.ofAccount(ctx, u.Username, FailureLogLimit)
	if err != nil {
		return nil, err
	}
	return &AccountFailures{User: u, Failures: list}, nil
}

// described returns the account id as the people who look after it see it.
func (s *Service) described(ctx context.Context, a *Actor, id int64) (*User, error) {
	u, err := s.lookedAfter(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.describe(ctx, a, []*User{u}); err != nil {
		return nil, err
	}
	return u, nil
}

// describe fills, for a viewer who manages or looks after accounts, whether
// failed logins hold each back and what the viewer may do with it.
func (s *Service) describe(ctx context.Context, a *Actor, users []*User) error {
	counts, err := failureStore{s.DB}.counting(ctx, s.Clock.Now().Add(-FailureWindow), PairFreeFailures)
	if err != nil {
		return err
	}
	for _, u := range users {
		u.RecentFailures = counts[u.Username]
		u.Locked = u.RecentFailures >= PairFreeFailures
		u.Actions = workflow.Actions{}
		if a.Can("user.manage") && u.ID != a.UserID && a.Scope().Contains(u.RegionCode) {
			if u.Active {
				u.Actions = append(u.Actions, "deactivate")
			} else {
				u.Actions = append(u.Actions, "activate")
			}
		}
		if a.looksAfter(u) {
			u.Actions = append(u.Actions, "reset_password", "failures")
			if u.Locked {
				u.Actions = append(u.Actions, "unlock")
			}
		}
	}
	return nil
}

// temporaryAlphabet leaves out the letters and digits people confuse when
// reading a password aloud or off a screen (0 O o, 1 l I).
const temporaryAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"

// temporaryPassword is 12 random characters of temporaryAlphabet (about
// 70 bits).
func temporaryPassword() string {
	b := make([]byte, 12)
	n := big.NewInt(int64(len(temporaryAlphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			panic("auth: no randomness: " + err.Error())
		}
		b[i] = temporaryAlphabet[k.Int64()]
	}
	return string(b)
}
