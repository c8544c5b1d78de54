package notify

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
)

// outboxStore holds every query of the outbox: e-mails waiting to be sent.
type outboxStore struct{ q db.Queryer }

// queue adds a message to one address, deferred.
func (s outboxStore) queue(ctx context.Context, now time.Time, to, subject, body string) error {
	err := s.q.Defer(ctx, `INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)`,
		to, subject, body, now, now)
	if err != nil {
		return fmt.Errorf("notify: queue mail: %w", err)
	}
	return nil
}

// queueInstitution adds a message to each active user of an institution
// with an address, deferred.
func (s outboxStore) queueInstitution(ctx context.Context, now time.Time, institutionID int64, subject, body string) error {
	err := s.q.Defer(ctx, `INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)
		SELECT email, ?, ?, ?, ? FROM users WHERE institution_id = ? AND active = TRUE AND email <> '' ORDER BY id`,
		subject, body, now, now, institutionID)
	if err != nil {
		return fmt.Errorf("notify: queue mail: %w", err)
	}
	return nil
}

// due lists the messages to send now, up to limit: not sent, not given up,
// their next attempt due, and not claimed by a sender whose lease runs.
func (s outboxStore) due(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	return db.IDs(ctx, s.q, "notify: outbox", `SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < ? AND next_attempt_at <= ?
		AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?`, MaxAttempts, now, now, limit)
}

// claim reserves a message for sender by until; false when another sender
// holds it or it was sent meanwhile.
func (s outboxStore) claim(ctx context.Context, id int64, sender string, until, now time.Time) (bool, error) {
	res, err := s.q.Exec(ctx, `UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ? AND sent_at IS NULL
		AND (claimed_until IS NULL OR claimed_until < ?)`, sender, until, id, now)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// message is one message of the outbox and how often it was tried.
type message struct {
	to, subject, body string
	attempts          int
}

func (s outboxStore) message(ctx context.Context, id int64) (message, error) {
	var m message
	err := s.q.QueryRow(ctx, "SELECT to_addr, subject, body, attempts FROM outbox WHERE id = ?", id).Scan(&m.to, &m.subject, &m.body, &m.attempts)
	return m, err
}

// failed counts a failed attempt of sender's and sets the next.
func (s outboxStore) failed(ctx context.Context, id int64, sender, reason string, next time.Time) error {
	_, err := s.q.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
		reason, next, id, sender)
	return err
}

// sent marks a message sender sent.
func (s outboxStore) sent(ctx context.Context, id int64, sender string, at time.Time) error {
	_, err := s.q.Exec(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, claimed_until = NULL WHERE id = ? AND claimed_by = ?`, at, id, sender)
	return err
}
