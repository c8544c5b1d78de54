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
	id, hash, active, found, err := userStore{s.DB}.credentials(ctx, username)
	if err != nil {
		return "", nil, nil, err
	}
	ok := false
	if found {
		if ok, err = CheckPassword(hash, password); err != nil {
			return "", nil, nil, err
		}
	} else {
		// Spend the same time on unknown names, so timing does not tell which exist.
		_, _ = CheckPassword(dummyHash, password)
	}
	if !ok || !active {
		if err := (failureStore{s.DB}).record(ctx, username, ip, now); err != nil {
			return "", nil, nil, err
		}
		return "", nil, nil, apperr.New(apperr.Unauthorized, "error.bad_login")
	}
	token, sess, err := s.open(ctx, id, ip, kind, now)
	if err != nil {
		return "", nil, nil, err
	}
	u, err := userStore{s.DB}.get(ctx, id)
	if err != nil {
		return "", nil, nil, err
	}
	return token, sess, u, nil
}

var dummyHash, _ = HashPassword("not a real password")

func (s *Service) checkThrottle(ctx context.Context, username, ip string, now time.Time) error {
	perUser, perIP, err := failureStore{s.DB}.since(ctx, username, ip, now.Add(-ThrottleWindow))
	if err != nil {
		return err
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
		if sess.ID, err = (sessionStore{tx}).insert(ctx, sess, hashToken(token), ip, now); err != nil {
			return err
		}
		return failureStore{tx}.forget(ctx, userID)
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
	sess, u, err := sessionStore{s.DB}.withUser(ctx, hashToken(token))
	if db.IsNoRows(err) || (err == nil && !sess.ExpiresAt.After(s.Clock.Now())) {
		return nil, nil, apperr.New(apperr.Unauthorized, "error.session_expired")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("auth: authenticate: %w", err)
	}
	if !u.Active {
		return nil, nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	return u.Actor(), sess, nil
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, token string) error {
	return sessionStore{s.DB}.end(ctx, hashToken(token))
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
	hash, err := userStore{s.DB}.passwordHash(ctx, a.UserID)
	if err != nil {
		return err
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
		if err := (userStore{tx}).setPassword(ctx, a.UserID, newHash, now); err != nil {
			return err
		}
		if err := (sessionStore{tx}).endOthers(ctx, a.UserID, hashToken(keepToken)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "user.password_changed", "user", a.UserID, a.RegionCode, nil, nil)
	})
}

// PurgeExpired deletes expired sessions and old login failures (a daily job).
func (s *Service) PurgeExpired(ctx context.Context) error {
	now := s.Clock.Now()
	if err := (sessionStore{s.DB}).purge(ctx, now); err != nil {
		return err
	}
	return failureStore{s.DB}.purge(ctx, now.Add(-24*time.Hour))
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
