package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
	ids, err := outboxStore{m.DB}.due(ctx, now, limit)
	if err != nil {
		return 0, err
	}
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
	box := outboxStore{m.DB}
	if ok, err := box.claim(ctx, id, m.id, now.Add(lease), now); err != nil || !ok {
		return false, err // !ok: another server has it
	}
	msg, err := box.message(ctx, id)
	if err != nil {
		return false, err
	}
	if serr := m.Sender.Send(ctx, msg.to, msg.subject, msg.body); serr != nil {
		backoff := time.Duration(1<<min(msg.attempts, 10)) * time.Minute
		slog.WarnContext(ctx, "mail not sent, will retry", "outbox_id", id, "attempt", msg.attempts+1, "err", serr)
		return false, box.failed(ctx, id, m.id, serr.Error(), now.Add(backoff))
	}
	err = box.sent(ctx, id, m.id, m.Clock.Now())
	return err == nil, err
}
