package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
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

// Session lengths.
const (
	CookieSessionTTL = 12 * time.Hour
	BearerTokenTTL   = 24 * time.Hour
)

// Service logs people in and out and resolves sessions to actors.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
	// Pending returns the password hash of a registration awaiting review
	// under username (registry's, wired by services.New; auth does not
	// import registry), so that its applicant is told to wait rather than
	// that the password is wrong. Nil: no such check.
	Pending func(ctx context.Context, username string) (hash string, pending bool, err error)
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
// its secret token (only its hash is stored). It is LoginFrom without a
// known-device cookie.
func (s *Service) Login(ctx context.Context, username, password, ip string, kind SessionKind) (string, *Session, *User, error) {
	res, err := s.LoginFrom(ctx, LoginAttempt{Username: username, Password: password, IP: ip, Kind: kind})
	if err != nil {
		return "", nil, nil, err
	}
	return res.Token, res.Session, res.User, nil
}

// LoginAttempt is one try to log in.
type LoginAttempt struct {
	Username, Password string
	IP                 string
	// Devices is the known-device cookie the browser sent, if any.
	Devices string
	Kind    SessionKind
}

// LoginResult is an opened session.
type LoginResult struct {
	Token   string
	Session *Session
	User    *User
	// Devices is the known-device cookie to set: the one sent, with this
	// account's token first.
	Devices string
}

// LoginFrom checks an attempt against the brake on guessing (lockout.go),
// then its password, and opens a session. An applicant whose registration
// still awaits review is told so when the password is right.
func (s *Service) LoginFrom(ctx context.Context, in LoginAttempt) (*LoginResult, error) {
	now := s.Clock.Now()
	cred, err := userStore{s.DB}.credentials(ctx, in.Username)
	if err != nil {
		return nil, err
	}
	tokens := deviceTokens(in.Devices)
	device := ""
	if cred.found {
		if device, err = (deviceStore{s.DB}).known(ctx, cred.id, tokens, now.Add(-DeviceKept)); err != nil {
			return nil, err
		}
	}
	recent, err := failureStore{s.DB}.recent(ctx, in.Username, in.IP, now.Add(-FailureWindow))
	if err != nil {
		return nil, err
	}
	if err := recent.refusal(device != "", now); err != nil {
		return nil, err
	}
	ok, reason := false, ReasonWrongPassword
	switch {
	case cred.found:
		if ok, err = CheckPassword(cred.hash, in.Password); err != nil {
			return nil, err
		}
		if ok && !cred.active {
			ok, reason = false, ReasonInactive
		}
	case s.Pending != nil:
		hash, pending, err := s.Pending(ctx, in.Username)
		if err != nil {
			return nil, err
		}
		if !pending {
			hash = dummyHash
		}
		if ok, err = CheckPassword(hash, in.Password); err != nil {
			return nil, err
		}
		if ok && pending {
			return nil, apperr.New(apperr.PendingReview, "login.error.registration_pending")
		}
		ok, reason = false, ReasonNoAccount
	default:
		// Spend the same time on unknown names, so timing does not tell which exist.
		_, _ = CheckPassword(dummyHash, in.Password)
		reason = ReasonNoAccount
	}
	if !ok {
		if err := (failureStore{s.DB}).record(ctx, in.Username, in.IP, reason, now); err != nil {
			return nil, err
		}
		return nil, apperr.New(apperr.Unauthorized, "error.bad_login")
	}
	res := &LoginResult{}
	if device == "" {
		device = randomToken()
	}
	fresh := !slices.Contains(tokens, device)
	list := append([]string{device}, slices.DeleteFunc(slices.Clone(tokens), func(t string) bool { return t == device })...)
	res.Devices = strings.Join(list[:min(len(list), maxDeviceTokens)], deviceSep)
	res.Token, res.Session, err = s.open(ctx, cred.id, in, now, func(tx *db.Tx) error {
		if fresh {
			return deviceStore{tx}.add(ctx, cred.id, device, now)
		}
		return deviceStore{tx}.touch(ctx, device, now)
	})
	if err != nil {
		return nil, err
	}
	if res.User, err = (userStore{s.DB}).get(ctx, cred.id); err != nil {
		return nil, err
	}
	return res, nil
}

var dummyHash, _ = HashPassword("not a real password")

func (s *Service) open(ctx context.Context, userID int64, in LoginAttempt, now time.Time, also func(tx *db.Tx) error) (string, *Session, error) {
	token := randomToken()
	ttl := CookieSessionTTL
	if in.Kind == KindBearer {
		ttl = BearerTokenTTL
	}
	sess := &Session{UserID: userID, Kind: in.Kind, CSRFToken: randomToken(), ExpiresAt: now.Add(ttl)}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if sess.ID, err = (sessionStore{tx}).insert(ctx, sess, hashToken(token), in.IP, now); err != nil {
			return err
		}
		if err := (failureStore{tx}).clearPair(ctx, in.Username, in.IP); err != nil {
			return err
		}
		return also(tx)
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

// PasswordChange is what changing one's password takes.
type PasswordChange struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
	// NewPasswordConfirm, when given (the page always gives it), must
	// repeat NewPassword.
	NewPasswordConfirm *string `json:"new_password_confirm,omitempty"`
}

// ChangePassword sets a new password after checking the old one, ends the
// user's other sessions and lifts the duty to change a reset password.
func (s *Service) ChangePassword(ctx context.Context, a *Actor, in PasswordChange, keepToken string) error {
	if a == nil {
		return apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	var f apperr.Fields
	switch {
	case len(in.NewPassword) < MinPasswordLen:
		f.Add("new_password", "field.password_short")
	case in.NewPassword == in.OldPassword:
		f.Add("new_password", "login.field.password_same")
	}
	if in.NewPasswordConfirm != nil && *in.NewPasswordConfirm != in.NewPassword {
		f.Add("new_password_confirm", "login.field.password_mismatch")
	}
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := userStore{s.DB}.passwordHash(ctx, a.UserID)
	if err != nil {
		return err
	}
	if ok, err := CheckPassword(hash, in.OldPassword); err != nil {
		return err
	} else if !ok {
		return apperr.InvalidField("old_password", "field.password_wrong")
	}
	newHash, err := HashPassword(in.NewPassword)
	if err != nil {
		return err
	}
	now := s.Clock.Now()
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := (userStore{tx}).setPassword(ctx, a.UserID, newHash, false, now); err != nil {
			return err
		}
		if err := (sessionStore{tx}).endOthers(ctx, a.UserID, hashToken(keepToken)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "user.password_changed", "user", a.UserID, a.RegionCode, nil, nil)
	})
}

// PurgeExpired deletes expired sessions, devices unused for long and
// login failures older than their log keeps (a daily job).
func (s *Service) PurgeExpired(ctx context.Context) error {
	now := s.Clock.Now()
	if err := (sessionStore{s.DB}).purge(ctx, now); err != nil {
		return err
	}
	if err := (deviceStore{s.DB}).purge(ctx, now.Add(-DeviceKept)); err != nil {
		return err
	}
	return failureStore{s.DB}.purge(ctx, now.Add(-FailureLogKept))
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
