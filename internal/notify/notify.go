// Package notify tells people what happened: a notice in the platform and an
// e-mail. Both are written in the caller's transaction (with Tx.Defer), so a notice exists if
// and only if the change it reports does. E-mails wait in the outbox until the
// mailer sends them; a message is claimed before it is sent, so that with
// several servers none is sent twice, and it is retried with back-off until it
// goes, so none is lost.
package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// Notice is one message in the platform. Kind is a message key; Args fill it.
type Notice struct {
	ID            int64     `json:"id"`
	UserID        int64     `json:"user_id,omitempty"`
	InstitutionID int64     `json:"institution_id,omitempty"`
	Kind          string    `json:"kind"`
	Args          []string  `json:"args"`
	Link          string    `json:"link"`
	CreatedAt     time.Time `json:"created_at"`
	Read          bool      `json:"read"`
}

// Translator renders a message key with arguments in a language; the web layer's
// locale package provides it. E-mails go out in Chinese.
type Translator func(lang, key string, args ...any) string

// Notifier writes notices and e-mails.
type Notifier struct {
	T Translator
}

// ToInstitution notifies every user of an institution: one notice for the
// institution and an e-mail to each user with an address.
func (n *Notifier) ToInstitution(ctx context.Context, tx *db.Tx, now time.Time, institutionID int64, kind, link string, args ...string) error {
	if err := insertNotice(ctx, tx, now, 0, institutionID, kind, link, args); err != nil {
		return err
	}
	// Every user gets the same message, so the outbox rows are made from the
	// users' rows in one statement (a review decision sends one of these).
	subject, body := n.render(kind, link, args)
	err := tx.Defer(ctx, `INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)
		SELECT email, ?, ?, ?, ? FROM users WHERE institution_id = ? AND active = TRUE AND email <> '' ORDER BY id`,
		subject, body, now, now, institutionID)
	if err != nil {
		return fmt.Errorf("notify: queue mail: %w", err)
	}
	return nil
}

// ToUsers notifies each user personally, in the platform and by e-mail.
func (n *Notifier) ToUsers(ctx context.Context, tx *db.Tx, now time.Time, users []*auth.User, kind, link string, args ...string) error {
	for _, u := range users {
		if err := insertNotice(ctx, tx, now, u.ID, 0, kind, link, args); err != nil {
			return err
		}
		if err := n.mail(ctx, tx, now, u.Email, kind, link, args); err != nil {
			return err
		}
	}
	return nil
}

func insertNotice(ctx context.Context, tx *db.Tx, now time.Time, userID, institutionID int64, kind, link string, args []string) error {
	if args == nil {
		args = []string{}
	}
	a, _ := json.Marshal(args)
	var uid, iid any
	if userID != 0 {
		uid = userID
	}
	if institutionID != 0 {
		iid = institutionID
	}
	err := tx.Defer(ctx, `INSERT INTO notifications (user_id, institution_id, kind, args_json, link, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		uid, iid, kind, string(a), link, now)
	if err != nil {
		return fmt.Errorf("notify: insert notice: %w", err)
	}
	return nil
}

func (n *Notifier) mail(ctx context.Context, tx *db.Tx, now time.Time, to, kind, link string, args []string) error {
	if to == "" {
		return nil
	}
	subject, body := n.render(kind, link, args)
	err := tx.Defer(ctx, `INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)`,
		to, subject, body, now, now)
	if err != nil {
		return fmt.Errorf("notify: queue mail: %w", err)
	}
	return nil
}

// render is an e-mail's subject and body, in Chinese.
func (n *Notifier) render(kind, link string, args []string) (subject, body string) {
	if n.T == nil {
		return kind, kind
	}
	anyArgs := make([]any, len(args))
	for i, a := range args {
		anyArgs[i] = a
	}
	text := n.T("zh", kind, anyArgs...)
	return n.T("zh", "mail.subject") + text, text + "\n\n" + link
}

// List returns the notices an actor may read: their own and, for institution
// users, their institution's; newest first.
func List(ctx context.Context, q db.Queryer, a *auth.Actor, limit int) ([]Notice, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := q.Query(ctx, `SELECT id, COALESCE(user_id, 0), COALESCE(institution_id, 0), kind, args_json, link, created_at, read_at IS NOT NULL
		FROM notifications WHERE user_id = ? OR (institution_id = ? AND institution_id <> 0) ORDER BY id DESC LIMIT ?`,
		a.UserID, a.InstitutionID, limit)
	if err != nil {
		return nil, fmt.Errorf("notify: list: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var args string
		if err := rows.Scan(&n.ID, &n.UserID, &n.InstitutionID, &n.Kind, &args, &n.Link, &n.CreatedAt, &n.Read); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(args), &n.Args)
		out = append(out, n)
	}
	return out, rows.Err()
}

// UnreadCap bounds the unread count: past it the header says "99+", and
// the count never reads more than this many index entries, however many
// reminders a busy reviewer has piled up.
const UnreadCap = 100

// Unread counts an actor's unread notices, up to UnreadCap. The two halves
// (personal, and the institution's) are counted apart so that each uses its
// index.
func Unread(ctx context.Context, q db.Queryer, a *auth.Actor) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND read_at IS NULL LIMIT ?) u) +
		(SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE institution_id = ? AND read_at IS NULL LIMIT ?) i)`,
		a.UserID, UnreadCap, a.InstitutionID, UnreadCap).Scan(&n)
	return min(n, UnreadCap), err
}

// MarkRead marks all of an actor's notices read.
func MarkRead(ctx context.Context, d *db.DB, a *auth.Actor, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND (user_id = ? OR (institution_id = ? AND institution_id <> 0))`,
		now, a.UserID, a.InstitutionID)
	return err
}
