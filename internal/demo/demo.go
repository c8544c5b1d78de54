// Package demo loads the demo data: the official logins listed in the README and, through
// each area's seed function, institutions in every state. It goes through the
// real services, so the demo has its audit log, tasks and notices like a real
// database would.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/services"
)

// Password is the password of every demo login.
const Password = "demo12345"

// Login is one demo account.
type Login struct {
	Username, Role, Region, Name string
}

// Officials are the demo officials (the README's table of logins).
var Officials = []Login{
	{"admin", string(auth.RoleProvincialAdmin), "430000", "省厅管理员"},
	{"hunan", string(auth.RoleProvincialReviewer), "430000", "省级审核员"},
	{"changsha", string(auth.RoleLocalReviewer), "430100", "长沙市审核员"},
	{"furong", string(auth.RoleLocalReviewer), "430102", "芙蓉区审核员"},
	{"zhuzhou", string(auth.RoleLocalReviewer), "430200", "株洲市审核员"},
	{"mof", string(auth.RoleMinistry), "000000", "财政部操作员"},
}

// Seeds are the areas' demo loaders, run in order after the officials exist.
// Each takes the services and a deterministic random source.
var Seeds []func(ctx context.Context, s *services.Set, r *rand.Rand) error

// Load fills an empty database with the demo data and reports whether it did;
// a database that already has users is left alone.
func Load(ctx context.Context, s *services.Set) (bool, error) {
	var n int
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if err := CreateOfficials(ctx, s); err != nil {
		return false, err
	}
	r := rand.New(rand.NewPCG(2026, 430000))
	for _, seed := range Seeds {
		if err := seed(ctx, s, r); err != nil {
			return false, err
		}
	}
	return true, nil
}

// CreateOfficials creates the official demo logins.
func CreateOfficials(ctx context.Context, s *services.Set) error {
	now := s.Clock.Now()
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		for _, l := range Officials {
			id, err := auth.CreateUser(ctx, tx, auth.NewUser{Username: l.Username, Password: Password, Name: l.Name,
				Role: auth.Role(l.Role), RegionCode: l.Region, Email: l.Username + "@demo.evalcred.invalid"}, now)
			if err != nil {
				return fmt.Errorf("demo user %s: %w", l.Username, err)
			}
			if err := audit.Record(ctx, tx, audit.Who{Name: "demo"}, now, "user.created", "user", id, l.Region, nil, map[string]string{"username": l.Username}); err != nil {
				return err
			}
		}
		return nil
	})
}

// LoginsTable is the table of demo logins printed at start.
func LoginsTable() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Demo logins (password %s):\n", Password)
	fmt.Fprintf(&b, "  %-10s %-22s %s\n", "user", "role", "region")
	for _, l := range Officials {
		fmt.Fprintf(&b, "  %-10s %-22s %s\n", l.Username, l.Role, l.Region)
	}
	fmt.Fprintf(&b, "  %-10s %-22s %s\n", "agency", "institution", "a demo institution in 430102")
	return b.String()
}
