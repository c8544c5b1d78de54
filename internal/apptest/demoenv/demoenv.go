// Package demoenv starts the whole application with the whole demo loaded,
// for the tests that walk every route as every demo login. It is a package
// of its own because loading the project demo adds its logins (expert1,
// funddept1) to the demo officials, which apptest.New creates for every
// other test.
package demoenv

import (
	"context"
	"fmt"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/apptest"
	"evalcred/internal/db"
	"evalcred/internal/demo"
	// The year's demo registers itself (after the project demo it imports).
	_ "evalcred/internal/demo/yeardemo"
)

// At is the fake clock of a demo environment: the demo's year is under way,
// its training held and its past year closed.
var At = time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)

// New starts an application on a fresh database of engine eng with the
// whole demo data loaded, as `evalcred demo` shows it: every demo login
// (the officials, agency and the other firms, expert1, funddept1) and
// institutions, records, projects and assessments in every state.
func New(t testing.TB, eng db.Dialect) *apptest.Env {
	t.Helper()
	return apptest.Launch(t, eng, At, func(a *app.App) error {
		loaded, err := demo.Load(context.Background(), a.Services)
		if err == nil && !loaded {
			err = fmt.Errorf("demo: the database was not empty")
		}
		return err
	})
}
