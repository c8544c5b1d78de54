package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"net/smtp"
	"strings"
	"time"

	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// Sender delivers one e-mail.
type Sender interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SMTP sends through an SMTP server (STARTTLS when the server offers it).
type SMTP struct {
	Addr     string // host:port
	From     string
	Username string
	Password string
}

// Send delivers one message.
func (s *SMTP) Send(_ context.Context, to, subject, body string) error {
	host, _, _ := strings.Cut(s.Addr, ":")
	var a smtp.Auth
	if s.Username != "" {
		a = smtp.PlainAuth("", s.Username, s.Password, host)
	}
	msg := "From: " + s.From + "\r\nTo: " + to + "\r\nSubject: " + mime.BEncoding.Encode("UTF-8", subject) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body
	return smtp.SendMail(s.Addr, a, s.From, []string{to}, []byte(msg))
}

// Mailer drains the outbox.
type Mailer struct {
	DB     *db.DB
	Clock  clock.Clock
	Sender Sender // nil: messages stay in the outbox (no SMTP configured)
	// Lease is how long a claimed message is reserved for its sender.
	Lease time.Duration
	id    string
}

// MaxAttempts is how often a message is tried before it is left for a person
// to look at (it stays in the outbox, visible, never deleted).
const MaxAttempts = 10

// Drain sends the due messages, up to limit. It is safe to run on several
// servers at once: each message is claimed by one of them first.
func (m *Mailer) Drain(ctx context.Context, limit int) (sent int, err error) {
	if m.Sender == nil {
		return 0, nil
	}
	if m.id == "" {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		m.id = hex.EncodeToString(b)
	}
	lease := m.Lease
	if lease == 0 {
		lease = 5 * time.Minute
	}
	now := m.Clock.Now()
	rows, err := m.DB.Query(ctx, `SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < ? AND next_attempt_at <= ?
		AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?`, MaxAttempts, now, now, limit)
	if err != nil {
		return 0, fmt.Errorf("notify: outbox: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		ok, err := m.send(ctx, id, now, lease)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

func (m *Mailer) send(ctx context.Context, id int64, now time.Time, lease time.Duration) (bool, error) {
	res, err := m.DB.Exec(ctx, `UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ? AND sent_at IS NULL
		AND (claimed_until IS NULL OR claimed_until < ?)`, m.id, now.Add(lease), id, now)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil // another server has it
	}
	var to, subject, body string
	var attempts int
	if err := m.DB.QueryRow(ctx, "SELECT to_addr, subject, body, attempts FROM outbox WHERE id = ?", id).Scan(&to, &subject, &body, &attempts); err != nil {
		return false, err
	}
	if serr := m.Sender.Send(ctx, to, subject, body); serr != nil {
		backoff := time.Duration(1<<min(attempts, 10)) * time.Minute
		slog.WarnContext(ctx, "mail not sent, will retry", "outbox_id", id, "attempt", attempts+1, "err", serr)
		_, err := m.DB.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
			serr.Error(), now.Add(backoff), id, m.id)
		return false, err
	}
	_, err = m.DB.Exec(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, claimed_until = NULL WHERE id = ? AND claimed_by = ?`, m.Clock.Now(), id, m.id)
	return err == nil, err
}
