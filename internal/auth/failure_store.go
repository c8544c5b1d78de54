package auth

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
)

// failureStore holds every query of failed logins, the brake on password
// guessing.
type failureStore struct{ q db.Queryer }

// record notes a failed login of username from ip.
func (s failureStore) record(ctx context.Context, username, ip string, now time.Time) error {
	if _, err := s.q.Exec(ctx, "INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)", username, ip, now); err != nil {
		return fmt.Errorf("auth: record failure: %w", err)
	}
	return nil
}

// since counts the failures of username and those from ip after a time.
func (s failureStore) since(ctx context.Context, username, ip string, since time.Time) (perUser, perIP int, err error) {
	err = s.q.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM login_failures WHERE username = ? AND at > ?),
		(SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at > ?)`, username, since, ip, since).Scan(&perUser, &perIP)
	if err != nil {
		return 0, 0, fmt.Errorf("auth: throttle: %w", err)
	}
	return perUser, perIP, nil
}

// forget deletes the failures of a user's name: it has logged in.
func (s failureStore) forget(ctx context.Context, userID int64) error {
	_, err := s.q.Exec(ctx, "DELETE FROM login_failures WHERE username = (SELECT username FROM users WHERE id = ?)", userID)
	return err
}

// purge deletes the failures older than before.
func (s failureStore) purge(ctx context.Context, before time.Time) error {
	_, err := s.q.Exec(ctx, "DELETE FROM login_failures WHERE at < ?", before)
	return err
}
