// Package notify tells people what happened: a notice in the platform and an
// e-mail. Both are written in the caller's transaction (with Tx.Defer), so a notice exists if
// and only if the change it reports does. E-mails wait in the outbox until the
// mailer sends them; a message is claimed before it is sent, so that with
// several servers none is sent twice, and it is retried with back-off until it
// goes, so none is lost. People read their notices through the Inbox.
package notify

import (
	"context"
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
	if err := (noticeStore{tx}).add(ctx, now, 0, institutionID, kind, link, args); err != nil {
		return err
	}
	// Every user gets the same message, so the outbox rows are made from the
	// users' rows in one statement (a review decision sends one of these).
	subject, body := n.render(kind, link, args)
	return outboxStore{tx}.queueInstitution(ctx, now, institutionID, subject, body)
}

// ToUsers notifies each user personally, in the platform and by e-mail.
func (n *Notifier) ToUsers(ctx context.Context, tx *db.Tx, now time.Time, users []*auth.User, kind, link string, args ...string) error {
	for _, u := range users {
		if err := (noticeStore{tx}).add(ctx, now, u.ID, 0, kind, link, args); err != nil {
			return err
		}
		if err := n.mail(ctx, tx, now, u.Email, kind, link, args); err != nil {
			return err
		}
	}
	return nil
}

func (n *Notifier) mail(ctx context.Context, tx *db.Tx, now time.Time, to, kind, link string, args []string) error {
	if to == "" {
		return nil
	}
	subject, body := n.render(kind, link, args)
	return outboxStore{tx}.queue(ctx, now, to, subject, body)
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
