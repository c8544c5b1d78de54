package auth

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// User is an account.
type User struct {
	ID            int64     `json:"id"`
	Username      string    `json:"username"`
	Name          string    `json:"name"`
	Role          Role      `json:"role"`
	RegionCode    string    `json:"region_code"`
	InstitutionID int64     `json:"institution_id,omitempty"`
	Email         string    `json:"email,omitempty"`
	Phone         string    `json:"phone,omitempty"`
	Active        bool      `json:"active"`
	CreatedAt     time.Time `json:"created_at"`
}

// Actor returns the actor acting as u.
func (u *User) Actor() *Actor {
	return &Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, RegionCode: u.RegionCode, InstitutionID: u.InstitutionID}
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

// CreateUser validates and inserts an account inside q (usually a transaction).
// A taken username is a Conflict naming the field.
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
	var inst any
	if n.InstitutionID != 0 {
		inst = n.InstitutionID
	}
	id, err := tx.Insert(ctx, `INSERT INTO users (username, password_hash, name, role, region_code, institution_id, email, phone, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)`,
		n.Username, hash, n.Name, string(n.Role), n.RegionCode, inst, n.Email, n.Phone, now, now)
	if apperr.Is(err, apperr.Conflict) {
		return 0, &apperr.Error{Code: apperr.Conflict, Key: "error.username_taken", Fields: map[string]string{"username": "field.username_taken"}, Err: err}
	}
	if err != nil {
		return 0, fmt.Errorf("auth: create user: %w", err)
	}
	return id, nil
}

// UsernameTaken reports whether an account with that name exists.
func UsernameTaken(ctx context.Context, q db.Queryer, username string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE username = ?", username).Scan(&n)
	return n > 0, err
}

const userCols = "id, username, name, role, region_code, COALESCE(institution_id, 0), email, phone, active, created_at"

// userColsU is userCols of the users table aliased u, for joins.
const userColsU = "u.id, u.username, u.name, u.role, u.region_code, COALESCE(u.institution_id, 0), u.email, u.phone, u.active, u.created_at"

// scanAfter scans a row whose first columns are before's and the rest a user's.
type scanAfter struct {
	row    interface{ Scan(...any) error }
	before []any
}

func (s scanAfter) Scan(dest ...any) error { return s.row.Scan(append(s.before, dest...)...) }

func scanUser(s interface{ Scan(...any) error }) (*User, error) {
	var u User
	var role string
	if err := s.Scan(&u.ID, &u.Username, &u.Name, &role, &u.RegionCode, &u.InstitutionID, &u.Email, &u.Phone, &u.Active, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.Role = Role(role)
	return &u, nil
}

// GetUser returns the account with id.
func GetUser(ctx context.Context, q db.Queryer, id int64) (*User, error) {
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("user")
	}
	return u, err
}

// UsersOfInstitution returns the active accounts of an institution (for notices).
func UsersOfInstitution(ctx context.Context, q db.Queryer, institutionID int64) ([]*User, error) {
	return listUsers(ctx, q, "institution_id = ? AND active = TRUE", institutionID)
}

// OfficialsOf returns the active officials with role whose region is exactly code.
func OfficialsOf(ctx context.Context, q db.Queryer, code string, roles ...Role) ([]*User, error) {
	cond := "region_code = ? AND active = TRUE AND role IN (" + db.In(len(roles)) + ")"
	args := []any{code}
	for _, r := range roles {
		args = append(args, string(r))
	}
	return listUsers(ctx, q, cond, args...)
}

// ListUsers returns the accounts inside scope, for the administrator.
func ListUsers(ctx context.Context, q db.Queryer, scope region.Scope) ([]*User, error) {
	cond, args := scope.SQL("region_code")
	return listUsers(ctx, q, cond, args...)
}

func listUsers(ctx context.Context, q db.Queryer, cond string, args ...any) ([]*User, error) {
	rows, err := q.Query(ctx, "SELECT "+userCols+" FROM users WHERE "+cond+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("auth: list users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
