package auth

import (
	"context"
	"regexp"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/region"
	"evalcred/internal/workflow"
)

// User is an account.
type User struct {
	ID            int64  `json:"id"`
	Username      string `json:"username"`
	Name          string `json:"name"`
	Role          Role   `json:"role"`
	RegionCode    string `json:"region_code"`
	InstitutionID int64  `json:"institution_id,omitempty"`
	Email         string `json:"email,omitempty"`
	Phone         string `json:"phone,omitempty"`
	Active        bool   `json:"active"`
	// MustChangePassword: the password was reset by someone else and is
	// temporary; nothing but changing it is allowed until then.
	MustChangePassword bool      `json:"must_change_password"`
	CreatedAt          time.Time `json:"created_at"`
	// Locked, RecentFailures and Actions are filled in lists for the people
	// who manage accounts (Users): whether failed logins now hold the
	// account back, how many count, and what the viewer may do with it.
	Locked         bool             `json:"locked"`
	RecentFailures int              `json:"recent_failures"`
	Actions        workflow.Actions `json:"actions,omitempty"`
}

// Actor returns the actor acting as u.
func (u *User) Actor() *Actor {
	return &Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, RegionCode: u.RegionCode, InstitutionID: u.InstitutionID,
		MustChangePassword: u.MustChangePassword}
}

// NewUser is what creating an account takes.
type NewUser struct {
	Username      string
	Password      string
	Name          string
	Role          Role
	RegionCode    string
	InstitutionID int64
	Email         string
	Phone         string
	// PasswordHash, when set, is an already hashed password (HashPassword)
	// used instead of Password: a registration keeps only the hash of the
	// password its applicant chose until the account is created on approval.
	PasswordHash string
}

var usernameRE = regexp.MustCompile(`^[a-zA-Z0-9_.@-]{3,64}$`)

// Validate checks the fields of a new account; field names are those of the API.
func (n *NewUser) Validate() error {
	var f apperr.Fields
	if !usernameRE.MatchString(n.Username) {
		f.Add("username", "field.username")
	}
	if n.PasswordHash == "" && len(n.Password) < MinPasswordLen {
		f.Add("password", "field.password_short")
	}
	if !n.Role.Valid() {
		f.Add("role", "field.role")
	}
	if _, ok := region.Default().Lookup(n.RegionCode); !ok {
		f.Add("region_code", "field.region_code")
	}
	if n.Role == RoleInstitution && n.InstitutionID == 0 {
		f.Add("institution_id", "field.required")
	}
	if n.Email != "" && !strings.Contains(n.Email, "@") {
		f.Add("email", "field.email")
	}
	return f.Err()
}

// CreateUser validates and inserts an account inside tx. A taken username
// is a Conflict naming the field.
func CreateUser(ctx context.Context, tx *db.Tx, n NewUser, now time.Time) (int64, error) {
	if err := n.Validate(); err != nil {
		return 0, err
	}
	hash := n.PasswordHash
	if hash == "" {
		var err error
		if hash, err = HashPassword(n.Password); err != nil {
			return 0, err
		}
	}
	return userStore{tx}.insert(ctx, n, hash, now)
}

// UsernameTaken reports whether an account with that name exists.
func UsernameTaken(ctx context.Context, q db.Queryer, username string) (bool, error) {
	return userStore{q}.taken(ctx, username)
}

// GetUser returns the account with id.
func GetUser(ctx context.Context, q db.Queryer, id int64) (*User, error) {
	return userStore{q}.get(ctx, id)
}

// GetUserNamed returns the account called username (NotFound if none).
func GetUserNamed(ctx context.Context, q db.Queryer, username string) (*User, error) {
	return userStore{q}.named(ctx, username)
}

// UsersOfInstitution returns the active accounts of an institution (for notices).
func UsersOfInstitution(ctx context.Context, q db.Queryer, institutionID int64) ([]*User, error) {
	return userStore{q}.ofInstitution(ctx, institutionID)
}

// OfficialsOf returns the active officials with role whose region is exactly code.
func OfficialsOf(ctx context.Context, q db.Queryer, code string, roles ...Role) ([]*User, error) {
	return userStore{q}.officials(ctx, code, roles)
}
