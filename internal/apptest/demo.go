package apptest

import (
	"context"
	"errors"
	"testing"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/demo"
	"evalcred/internal/services"
)

// DemoStart is the fake clock of a Demo: the demo's year is under way, its
// training held and its past year closed.
var DemoStart = time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)

// Demo starts an application on a fresh database of engine eng with the
// whole demo loaded, as `evalcred demo` shows it: every demo login and the
// data they work on. The caller imports the demo packages whose seeds it
// wants (evalcred/internal/demo/yeardemo brings all of them); apptest itself
// links none, so that which logins New creates does not depend on which
// tests share a binary.
func Demo(t testing.TB, eng db.Dialect) *Env {
	t.Helper()
	return start(t, eng, DemoStart, nil, func(ctx context.Context, s *services.Set) error {
		loaded, err := demo.Load(ctx, s)
		if err == nil && !loaded {
			err = errors.New("the database was not empty")
		}
		return err
	})
}
