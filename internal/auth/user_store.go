package auth

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// userStore holds every query of accounts, run on q: the database, or the
// transaction for writes.
type userStore struct{ q db.Queryer }

const userCols = "id, username, name, role, region_code, COALESCE(institution_id, 0), email, phone, active, must_change_password, created_at"

// userColsU is userCols of the users table aliased u, for joins.
const userColsU = "u.id, u.username, u.name, u.role, u.region_code, COALESCE(u.institution_id, 0), u.email, u.phone, u.active, u.must_change_password, u.created_at"

// scanAfter scans a row whose first columns are before's and the rest a user's.
type scanAfter struct {
	row    db.Scanner
	before []any
}

func (s scanAfter) Scan(dest ...any) error { return s.row.Scan(append(s.before, dest...)...) }

func scanUser(s db.Scanner) (*User, error) {
	var u User
	var role string
	if err := s.Scan(&u.ID, &u.Username, &u.Name, &role, &u.RegionCode, &u.InstitutionID, &u.Email, &u.Phone, &u.Active, &u.MustChangePassword, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.Role = Role(role)
	return &u, nil
}

// insert adds an account with an already hashed password; a taken username
// is a Conflict naming the field.
func (s userStore) insert(ctx context.Context, n NewUser, hash string, now time.Time) (int64, error) {
	var inst any
	if n.InstitutionID != 0 {
		inst = n.InstitutionID
	}
	id, err := s.q.Insert(ctx, `INSERT INTO users (username, password_hash, name, role, region_code, institution_id, email, phone, active, created_at, updated_at)
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

// taken reports whether an account with that name exists.
func (s userStore) taken(ctx context.Context, username string) (bool, error) {
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE username = ?", username).Scan(&n)
	return n > 0, err
}

// get returns the account with id; a missing one is NotFound.
func (s userStore) get(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.q.QueryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("user")
	}
	return u, err
}

// named returns the account called username; a missing one is NotFound.
func (s userStore) named(ctx context.Context, username string) (*User, error) {
	u, err := scanUser(s.q.QueryRow(ctx, "SELECT "+userCols+" FROM users WHERE username = ?", username))
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("user")
	}
	return u, err
}

// list returns the accounts matching cond, oldest first.
func (s userStore) list(ctx context.Context, cond string, args ...any) ([]*User, error) {
	return db.List(ctx, s.q, "auth: list users", scanUser, "SELECT "+userCols+" FROM users WHERE "+cond+" ORDER BY id", args...)
}

// ofInstitution returns the active accounts of an institution.
func (s userStore) ofInstitution(ctx context.Context, institutionID int64) ([]*User, error) {
	return s.list(ctx, "institution_id = ? AND active = TRUE", institutionID)
}

// officials returns the active officials with one of roles whose region is
// exactly code.
func (s userStore) officials(ctx context.Context, code string, roles []Role) ([]*User, error) {
	args := []any{code}
	for _, r := range roles {
		args = append(args, string(r))
	}
	return s.list(ctx, "region_code = ? AND active = TRUE AND role IN ("+db.In(len(roles))+")", args...)
}

// inScope returns the accounts inside scope.
func (s userStore) inScope(ctx context.Context, scope region.Scope) ([]*User, error) {
	cond, args := scope.SQL("region_code")
	return s.list(ctx, cond, args...)
}

// institutionsInScope returns the institutions' accounts inside scope.
func (s userStore) institutionsInScope(ctx context.Context, scope region.Scope) ([]*User, error) {
	cond, args := scope.SQL("region_code")
	return s.list(ctx, "role = ? AND ("+cond+")", append([]any{string(RoleInstitution)}, args...)...)
}

// credentials is what a login checks of an account.
type credentials struct {
	id     int64
	hash   string
	active bool
	found  bool
}

// credentials returns what a login checks of the account called username;
// found is false when there is none.
func (s userStore) credentials(ctx context.Context, username string) (credentials, error) {
	c := credentials{found: true}
	err := s.q.QueryRow(ctx, "SELECT id, password_hash, active FROM users WHERE username = ?", username).Scan(&c.id, &c.hash, &c.active)
	if db.IsNoRows(err) {
		return credentials{}, nil
	}
	if err != nil {
		return credentials{}, fmt.Errorf("auth: login: %w", err)
	}
	return c, nil
}

// passwordHash returns the stored hash of the account's password.
func (s userStore) passwordHash(ctx context.Context, id int64) (string, error) {
	var hash string
	if err := s.q.QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", id).Scan(&hash); err != nil {
		return "", fmt.Errorf("auth: change password: %w", err)
	}
	return hash, nil
}

// setPassword stores a new password hash; temporary says whether its
// owner must change it at the next login (a reset) or has just chosen it.
func (s userStore) setPassword(ctx context.Context, id int64, hash string, temporary bool, now time.Time) error {
	_, err := s.q.Exec(ctx, "UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?", hash, temporary, now, id)
	return err
}

// setActive switches the account on or off; ErrStale when it already was.
func (s userStore) setActive(ctx context.Context, id int64, active bool, now time.Time) error {
	return s.q.Update(ctx, "UPDATE users SET active = ?, updated_at = ? WHERE id = ? AND active = ?", active, now, id, !active)
}
