package auth

import (
	"time"

	"evalcred/internal/apperr"
)

// The brake on password guessing. Failures are counted per account and
// address together: guesses from one place make that place wait, and leave
// the owner elsewhere alone. An account guessed at from many places is
// locked, but only for browsers it has never logged in from: its owner's
// own browser (the known-device cookie) still gets in with the right
// password. An address that fails often, across accounts, is slowed by a
// short, capped wait and never locked, since a whole department may sit
// behind it.
const (
	// FailureWindow is how long a failure counts: longer than the longest
	// wait, so that the wait can grow to it.
	FailureWindow = time.Hour
	// PairFreeFailures of one account from one address are allowed before
	// that address must wait before trying the account again.
	PairFreeFailures = 5
	// PairFirstWait is the first wait; each further failure doubles it, up
	// to PairMaxWait.
	PairFirstWait = 30 * time.Second
	PairMaxWait   = 15 * time.Minute
	// AccountLockFailures of one account from all addresses lock it for
	// browsers it does not know, until the failures age out of the window
	// or someone who manages the account unlocks it.
	AccountLockFailures = 20
	// AddressFreeFailures from one address, over all accounts, before it is
	// slowed: AddressFirstWait between attempts, doubling with every ten
	// further failures, never more than AddressMaxWait.
	AddressFreeFailures = 30
	AddressFirstWait    = 2 * time.Second
	AddressMaxWait      = time.Minute
	// FailureLogKept is how long failures stay in the administrator's log.
	FailureLogKept = 90 * 24 * time.Hour
)

// The reasons a login failed, as the failure log keeps them.
const (
	ReasonWrongPassword = "wrong_password"
	ReasonNoAccount     = "no_account"
	ReasonInactive      = "inactive"
)

// recentFailures are the failures that still count for one attempt.
type recentFailures struct {
	pair, account, address          int
	pairLast, accountLast, addrLast time.Time
}

// refusal is why an attempt is refused before its password is checked, or
// nil: a wait for the pair or the address, or the account's lock. A known
// device answers to its own address's failures only.
func (f recentFailures) refusal(known bool, now time.Time) error {
	if f.pair >= PairFreeFailures {
		wait := doubling(PairFirstWait, f.pair-PairFreeFailures, PairMaxWait)
		if left := f.pairLast.Add(wait).Sub(now); left > 0 {
			return waitError("login.error.wait", left)
		}
	}
	if known {
		return nil
	}
	if f.account >= AccountLockFailures {
		return apperr.New(apperr.RateLimited, "login.error.account_locked")
	}
	if f.address >= AddressFreeFailures {
		wait := doubling(AddressFirstWait, (f.address-AddressFreeFailures)/10, AddressMaxWait)
		if left := f.addrLast.Add(wait).Sub(now); left > 0 {
			return waitError("login.error.busy_address", left)
		}
	}
	return nil
}

// doubling is first doubled n times, never more than ceiling.
func doubling(first time.Duration, n int, ceiling time.Duration) time.Duration {
	d := first
	for i := 0; i < n && d < ceiling; i++ {
		d *= 2
	}
	return min(d, ceiling)
}

// waitError tells the person how long to wait, in whole seconds or minutes
// (key + "_seconds" or "_minutes").
func waitError(key string, left time.Duration) error {
	if left <= time.Minute {
		return apperr.New(apperr.RateLimited, key+"_seconds", int((left+time.Second-1)/time.Second))
	}
	return apperr.New(apperr.RateLimited, key+"_minutes", int((left+time.Minute-1)/time.Minute))
}
