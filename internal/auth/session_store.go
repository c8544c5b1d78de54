package auth

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
)

// sessionStore holds every query of sessions and API tokens. Tokens are
// stored as their hashes only.
type sessionStore struct{ q db.Queryer }

// insert opens a session whose secret hashes to tokenHash.
func (s sessionStore) insert(ctx context.Context, sess *Session, tokenHash, ip string, now time.Time) (int64, error) {
	return s.q.Insert(ctx, `INSERT INTO sessions (token_hash, user_id, kind, csrf_token, ip, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		tokenHash, sess.UserID, string(sess.Kind), sess.CSRFToken, ip, now, sess.ExpiresAt)
}

// withUser returns the session of tokenHash and its user, in one query: it
// runs before every request of a signed-in person. No such session is
// sql.ErrNoRows.
func (s sessionStore) withUser(ctx context.Context, tokenHash string) (*Session, *User, error) {
	var sess Session
	var kind string
	row := s.q.QueryRow(ctx, `SELECT s.id, s.user_id, s.kind, s.csrf_token, s.expires_at, `+userColsU+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash)
	u, err := scanUser(scanAfter{row, []any{&sess.ID, &sess.UserID, &kind, &sess.CSRFToken, &sess.ExpiresAt}})
	if err != nil {
		return nil, nil, err
	}
	sess.Kind = SessionKind(kind)
	return &sess, u, nil
}

// end closes the session of tokenHash.
func (s sessionStore) end(ctx context.Context, tokenHash string) error {
	_, err := s.q.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
	return err
}

// endAll closes every session of a user.
func (s sessionStore) endAll(ctx context.Context, userID int64) error {
	if _, err := s.q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
		return fmt.Errorf("auth: end sessions: %w", err)
	}
	return nil
}

// endOthers closes a user's sessions but the one of keepHash.
func (s sessionStore) endOthers(ctx context.Context, userID int64, keepHash string) error {
	_, err := s.q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", userID, keepHash)
	return err
}

// purge deletes the sessions expired before now.
func (s sessionStore) purge(ctx context.Context, now time.Time) error {
	_, err := s.q.Exec(ctx, "DELETE FROM sessions WHERE expires_at < ?", now)
	return err
}
