package auth

import (
	"testing"
	"time"

	"evalcred/internal/apperr"
)

// What an attempt is told before its password is checked, by the failures
// that still count: the owner's known browser answers to its own address
// only.
func TestRefusal(t *testing.T) {
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	cases := []struct {
		name  string
		f     recentFailures
		known bool
		want  string
		arg   int
	}{
		{"nothing", recentFailures{}, false, "", 0},
		{"four from here", recentFailures{pair: 4, pairLast: now}, false, "", 0},
		{"five from here, just now", recentFailures{pair: 5, pairLast: now}, false, "login.error.wait_seconds", 30},
		{"five from here, 30s ago", recentFailures{pair: 5, pairLast: ago(30 * time.Second)}, false, "", 0},
		{"six from here, 30s ago", recentFailures{pair: 6, pairLast: ago(30 * time.Second)}, false, "login.error.wait_seconds", 30},
		{"eight from here", recentFailures{pair: 8, pairLast: now}, true, "login.error.wait_minutes", 4},
		{"many from here, capped", recentFailures{pair: 40, pairLast: now}, true, "login.error.wait_minutes", 15},
		{"locked account", recentFailures{account: 20, accountLast: now}, false, "login.error.account_locked", 0},
		{"locked account, known browser", recentFailures{account: 20, accountLast: now}, true, "", 0},
		{"busy address", recentFailures{address: 30, addrLast: now}, false, "login.error.busy_address_seconds", 2},
		{"busier address", recentFailures{address: 55, addrLast: now}, false, "login.error.busy_address_seconds", 8},
		{"busiest address, capped", recentFailures{address: 500, addrLast: now}, false, "login.error.busy_address_seconds", 60},
		{"busy address, known browser", recentFailures{address: 500, addrLast: now}, true, "", 0},
		{"busy address, waited", recentFailures{address: 500, addrLast: ago(time.Minute)}, false, "", 0},
	}
	for _, c := range cases {
		err := c.f.refusal(c.known, now)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v, want none", c.name, err)
			}
			continue
		}
		e := apperr.As(err)
		if e == nil || e.Code != apperr.RateLimited || e.Key != c.want || (c.arg != 0 && (len(e.Args) != 1 || e.Args[0] != c.arg)) {
			t.Errorf("%s: %v, want %s %d", c.name, err, c.want, c.arg)
		}
	}
}
