package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"evalcred/internal/demo/registrydemo"
	"evalcred/internal/publicquery"
	"evalcred/internal/services"
)

// The registry seed creates the demo institutions (about forty, in every
// registration, filing and review state, and the agency login) that every
// other area's demo data builds on, so it must run first. It is prepended
// rather than appended: within a package Go runs init functions in the order
// the files reach the compiler, which the spec only encourages to be by file
// name, and areas outside this package that append from their own init run
// after this package's inits anyway (they import demo). Prepending puts it
// first whatever the order, as long as no other seed prepends.
func init() {
	Seeds = append([]func(context.Context, *services.Set, *rand.Rand) error{seedRegistry}, Seeds...)
}

// seedRegistry loads the registry demo and then rebuilds the public name
// index: registrydemo wires its own services (on a clock of its own) without
// the name hook, so its institutions are indexed here in one pass.
func seedRegistry(ctx context.Context, s *services.Set, r *rand.Rand) error {
	if err := registrydemo.SeedDemo(ctx, s.DB, s.Clock, r, s.Files); err != nil {
		return fmt.Errorf("registry demo: %w", err)
	}
	return publicquery.Reindex(ctx, s.DB)
}
