package auth

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
)

// Failure is one failed login, as the administrator's log shows it.
type Failure struct {
	At     time.Time `json:"at"`
	IP     string    `json:"ip"`
	Reason string    `json:"reason"`
	// Cleared failures no longer count: a later login from the same
	// address, an unlock or a password reset forgave them.
	Cleared bool `json:"cleared"`
}

// failureStore holds every query of failed logins, the brake on password
// guessing.
type failureStore struct{ q db.Queryer }

// record notes a failed login of username from ip.
func (s failureStore) record(ctx context.Context, username, ip, reason string, now time.Time) error {
	if _, err := s.q.Exec(ctx, "INSERT INTO login_failures (username, ip, at, reason, cleared) VALUES (?, ?, ?, ?, FALSE)", username, ip, now, reason); err != nil {
		return fmt.Errorf("auth: record failure: %w", err)
	}
	return nil
}

// recent counts the failures that still count for an attempt on username
// from ip: those of the pair, of the account and of the address since a
// time, each with the time of its latest. The rows are few: an address or
// an account that fails often is made to wait, and waiting attempts are not
// recorded.
func (s failureStore) recent(ctx context.Context, username, ip string, since time.Time) (recentFailures, error) {
	var f recentFailures
	rows, err := s.q.Query(ctx, `SELECT username, ip, at FROM login_failures
		WHERE cleared = FALSE AND at > ? AND (username = ? OR ip = ?)`, since, username, ip)
	if err != nil {
		return f, fmt.Errorf("auth: throttle: %w", err)
	}
	defer rows.Close()
	later := func(t *time.Time, at time.Time) {
		if at.After(*t) {
			*t = at
		}
	}
	for rows.Next() {
		var u, addr string
		var at time.Time
		if err := rows.Scan(&u, &addr, &at); err != nil {
			return f, fmt.Errorf("auth: throttle: %w", err)
		}
		if u == username {
			f.account++
			later(&f.accountLast, at)
			if addr == ip {
				f.pair++
				later(&f.pairLast, at)
			}
		}
		if addr == ip {
			f.address++
			later(&f.addrLast, at)
		}
	}
	return f, rows.Err()
}

// clearPair forgives the failures of username from ip: it has logged in
// from there.
func (s failureStore) clearPair(ctx context.Context, username, ip string) error {
	_, err := s.q.Exec(ctx, "UPDATE login_failures SET cleared = TRUE WHERE username = ? AND ip = ? AND cleared = FALSE", username, ip)
	return err
}

// clearAccount forgives every failure of username (an unlock, a reset).
func (s failureStore) clearAccount(ctx context.Context, username string) error {
	_, err := s.q.Exec(ctx, "UPDATE login_failures SET cleared = TRUE WHERE username = ? AND cleared = FALSE", username)
	return err
}

// counting returns, for the accounts with at least n failures that still
// count since a time, how many they have.
func (s failureStore) counting(ctx context.Context, since time.Time, n int) (map[string]int, error) {
	rows, err := s.q.Query(ctx, `SELECT username, COUNT(*) FROM login_failures WHERE cleared = FALSE AND at > ?
		GROUP BY username HAVING COUNT(*) >= ?`, since, n)
	if err != nil {
		return nil, fmt.Errorf("auth: locked accounts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var u string
		var c int
		if err := rows.Scan(&u, &c); err != nil {
			return nil, err
		}
		out[u] = c
	}
	return out, rows.Err()
}

// ofAccount lists the failures of username, newest first, at most limit.
func (s failureStore) ofAccount(ctx context.Context, username string, limit int) ([]Failure, error) {
	return db.List(ctx, s.q, "auth: failure log", func(r db.Scanner) (Failure, error) {
		var f Failure
		err := r.Scan(&f.At, &f.IP, &f.Reason, &f.Cleared)
		return f, err
	}, "SELECT at, ip, reason, cleared FROM login_failures WHERE username = ? ORDER BY at DESC, id DESC LIMIT ?", username, limit)
}

// purge deletes the failures older than before.
func (s failureStore) purge(ctx context.Context, before time.Time) error {
	_, err := s.q.Exec(ctx, "DELETE FROM login_failures WHERE at < ?", before)
	return err
}
