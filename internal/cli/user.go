package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"evalcred/internal/app"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

func init() {
	register("user add", "create an official: -username -password -role -region [-name -email]", userAdd)
	register("user reset-password", "give an account a temporary password, printed once: -username", userResetPassword)
}

// userResetPassword is the way back for an account nobody on the web can
// reset (the province's only administrator): a temporary password that
// must be changed at the next login.
func userResetPassword(ctx context.Context, env *Env, args []string) error {
	var username string
	cfg, _, err := config(env, "user reset-password", args, false, nil, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "login name")
	})
	if err != nil {
		return err
	}
	if username == "" {
		return errors.New("-username: required")
	}
	a, err := app.Open(ctx, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.Services.Auth.ResetByOperator(ctx, username)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.Stdout, "temporary password of %s: %s\nit must be changed at the next login; its sessions have ended\n", res.User.Username, res.TemporaryPassword)
	return nil
}

func userAdd(ctx context.Context, env *Env, args []string) error {
	var n auth.NewUser
	var role string
	cfg, _, err := config(env, "user add", args, false, nil, func(fs *flag.FlagSet) {
		fs.StringVar(&n.Username, "username", "", "login name")
		fs.StringVar(&n.Password, "password", "", "password (at least 8 characters)")
		fs.StringVar(&role, "role", "", "local_reviewer, provincial_reviewer, provincial_admin, ministry, expert or fund_dept")
		fs.StringVar(&n.RegionCode, "region", "", "GB/T 2260 region code of the user's finance department, e.g. 430100")
		fs.StringVar(&n.Name, "name", "", "full name")
		fs.StringVar(&n.Email, "email", "", "e-mail address for notices")
	})
	if err != nil {
		return err
	}
	n.Role = auth.Role(role)
	if n.Role.ByRegistration() {
		return errors.New("institution users come from approved registrations, not from 'user add'")
	}
	a, err := app.Open(ctx, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer a.Close()
	now := a.Services.Clock.Now()
	var id int64
	err = a.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if id, err = auth.CreateUser(ctx, tx, n, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Who{Name: "cli"}, now, "user.created", "user", id, n.RegionCode, nil,
			map[string]any{"username": n.Username, "role": n.Role, "region_code": n.RegionCode})
	})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.Stdout, "created user %s (id %d, %s, region %s)\n", n.Username, id, n.Role, n.RegionCode)
	return nil
}
