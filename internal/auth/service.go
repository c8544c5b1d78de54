package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// SessionKind tells a browser session (cookie, CSRF-protected) from an API token.
type SessionKind string

// The kinds of session.
const (
	KindCookie SessionKind = "cookie"
	KindBearer SessionKind = "bearer"
)

// The brake on password guessing: after this many failures in the window an
// account, or an address, must wait until the window has passed.
const (
	ThrottleWindow     = 15 * time.Minute
	MaxFailuresPerUser = 5
	MaxFailuresPerIP   = 30
)

// Session lengths.
const (
	CookieSessionTTL = 12 * time.Hour
	BearerTokenTTL   = 24 * time.Hour
)

// Service logs people in and out and resolves sessions to actors.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
}

// Session is a logged-in session.
type Session struct {
	ID        int64
	UserID    int64
	Kind      SessionKind
	CSRFToken string
	ExpiresAt time.Time
}

// Login checks a username and password and opens a session of kind, returning
// its secret token (only its hash is stored).
func (s *Service) Login(ctx context.Context, username, password, ip string, kind SessionKind) (string, *Session, *User, error) {
	now := s.Clock.Now()
	if err := s.checkThrottle(ctx, username, ip, now); err != nil {
		return "", nil, nil, err
	}
	var id int64
	var hash string
	var active bool
	err := s.DB.QueryRow(ctx, "SELECT id, password_hash, active FROM users WHERE username = ?", username).Scan(&id, &hash, &active)
	if err != nil && !db.IsNoRows(err) {
		return "", nil, nil, fmt.Errorf("auth: login: %w", err)
	}
	ok := false
	if err == nil {
		if ok, err = CheckPassword(hash, password); err != nil {
			return "", nil, nil, err
		}
	} else {
		// Spend the same time on unknown names, so timing does not tell which exist.
		_, _ = CheckPassword(dummyHash, password)
	}
	if !ok || !active {
		if _, err := s.DB.Exec(ctx, "INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)", username, ip, now); err != nil {
			return "", nil, nil, fmt.Errorf("auth: record failure: %w", err)
		}
		return "", nil, nil, apperr.New(apperr.Unauthorized, "error.bad_login")
	}
	token, sess, err := s.open(ctx, id, ip, kind, now)
	if err != nil {
		return "", nil, nil, err
	}
	u, err := GetUser(ctx, s.DB, id)
	if err != nil {
		return "", nil, nil, err
	}
	return token, sess, u, nil
}

var dummyHash, _ = HashPassword("not a real password")

func (s *Service) checkThrottle(ctx context.Context, username, ip string, now time.Time) error {
	since := now.Add(-ThrottleWindow)
	var perUser, perIP int
	err := s.DB.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM login_failures WHERE username = ? AND at > ?),
		(SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at > ?)`, username, since, ip, since).Scan(&perUser, &perIP)
	if err != nil {
		return fmt.Errorf("auth: throttle: %w", err)
	}
	if perUser >= MaxFailuresPerUser || (ip != "" && perIP >= MaxFailuresPerIP) {
		return apperr.New(apperr.RateLimited, "error.login_throttled")
	}
	return nil
}

func (s *Service) open(ctx context.Context, userID int64, ip string, kind SessionKind, now time.Time) (string, *Session, error) {
	token := randomToken()
	ttl := CookieSessionTTL
	if kind == KindBearer {
		ttl = BearerTokenTTL
	}
	sess := &Session{UserID: userID, Kind: kind, CSRFToken: randomToken(), ExpiresAt: now.Add(ttl)}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		sess.ID, err = tx.Insert(ctx, `INSERT INTO sessions (token_hash, user_id, kind, csrf_token, ip, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			hashToken(token), userID, string(kind), sess.CSRFToken, ip, now, sess.ExpiresAt)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "DELETE FROM login_failures WHERE username = (SELECT username FROM users WHERE id = ?)", userID)
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("auth: open session: %w", err)
	}
	return token, sess, nil
}

// Authenticate resolves a session token to its actor and session.
func (s *Service) Authenticate(ctx context.Context, token string) (*Actor, *Session, error) {
	if token == "" {
		return nil, nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	var sess Session
	var kind string
	// One query for the session and its user: it runs before every request
	// of a signed-in person.
	row := s.DB.QueryRow(ctx, `SELECT s.id, s.user_id, s.kind, s.csrf_token, s.expires_at, `+userColsU+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hashToken(token))
	u, err := scanUser(scanAfter{row, []any{&sess.ID, &sess.UserID, &kind, &sess.CSRFToken, &sess.ExpiresAt}})
	if db.IsNoRows(err) || (err == nil && !sess.ExpiresAt.After(s.Clock.Now())) {
		return nil, nil, apperr.New(apperr.Unauthorized, "error.session_expired")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("auth: authenticate: %w", err)
	}
	sess.Kind = SessionKind(kind)
	if !u.Active {
		return nil, nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	return u.Actor(), &sess, nil
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, token string) error {
	_, err := s.DB.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashToken(token))
	return err
}

// ChangePassword sets a new password after checking the old one, and ends the
// user's other sessions.
func (s *Service) ChangePassword(ctx context.Context, a *Actor, oldPw, newPw, keepToken string) error {
	if a == nil {
		return apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	if len(newPw) < MinPasswordLen {
		return apperr.InvalidField("new_password", "field.password_short")
	}
	var hash string
	if err := s.DB.QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", a.UserID).Scan(&hash); err != nil {
		return fmt.Errorf("auth: change password: %w", err)
	}
	if ok, err := CheckPassword(hash, oldPw); err != nil {
		return err
	} else if !ok {
		return apperr.InvalidField("old_password", "field.password_wrong")
	}
	newHash, err := HashPassword(newPw)
	if err != nil {
		return err
	}
	now := s.Clock.Now()
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", newHash, now, a.UserID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", a.UserID, hashToken(keepToken)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "user.password_changed", "user", a.UserID, a.RegionCode, nil, nil)
	})
}

// PurgeExpired deletes expired sessions and old login failures (a daily job).
func (s *Service) PurgeExpired(ctx context.Context) error {
	now := s.Clock.Now()
	if _, err := s.DB.Exec(ctx, "DELETE FROM sessions WHERE expires_at < ?", now); err != nil {
		return err
	}
	_, err := s.DB.Exec(ctx, "DELETE FROM login_failures WHERE at < ?", now.Add(-24*time.Hour))
	return err
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}
