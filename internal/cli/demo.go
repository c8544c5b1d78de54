package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/demo"
	// The year's demo (the closed year 2025, the 2026 training, assessments)
	// registers itself with internal/demo after the project demo.
	_ "evalcred/internal/demo/yeardemo"
)

func init() {
	register("demo", "serve with demo data on an embedded SQLite database in ./evalcred-demo/", runDemo)
}

func runDemo(ctx context.Context, env *Env, args []string) error {
	cfg, _, err := config(env, "demo", args, true, func(c *app.Config) {
		c.DB = filepath.Join("evalcred-demo", "evalcred.db")
	}, nil)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer a.Close()
	loaded, err := demo.Load(ctx, a.Services)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	return a.Serve(ctx, func(addr string) {
		if loaded {
			fmt.Fprintln(env.Stdout, "Loaded the demo data.")
		} else {
			fmt.Fprintln(env.Stdout, "Reusing the demo database in", filepath.Dir(cfg.DB))
		}
		fmt.Fprintf(env.Stdout, "\nEvalCred demo: http://%s/\n\n", addr)
		fmt.Fprintln(env.Stdout, demo.LoginsTable())
		fmt.Fprintln(env.Stdout, "Stop with Ctrl-C.")
	})
}
