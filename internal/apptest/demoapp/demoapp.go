// Package demoapp starts the application with the whole demo loaded, as a
// person trying `evalcred demo` finds it, for tests that walk its pages.
package demoapp

import (
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/db"
	"evalcred/internal/demo"
	// The year's demo registers itself after the project demo, which it
	// imports: together they are the whole demo.
	_ "evalcred/internal/demo/yeardemo"
)

// New is apptest.Demo with every demo seed linked.
func New(t testing.TB, eng db.Dialect) *apptest.Env {
	t.Helper()
	return apptest.Demo(t, eng)
}

// Logins are the usernames of every demo login: the officials, the outside
// reviewers and the agency's clerk.
func Logins() []string {
	var out []string
	for _, l := range demo.Officials {
		out = append(out, l.Username)
	}
	return append(out, "agency")
}
