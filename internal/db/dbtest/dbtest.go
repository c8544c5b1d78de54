// Package dbtest opens real databases for tests: a fresh SQLite file in
// t.TempDir() always, and a fresh PostgreSQL schema when EVALCRED_TEST_POSTGRES
// holds a server URL, so that the whole suite runs against both engines.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
)

// EnvPostgres names the environment variable holding the PostgreSQL test URL.
const EnvPostgres = "EVALCRED_TEST_POSTGRES"

// Engines lists the engines available to this test run.
func Engines() []db.Dialect {
	if os.Getenv(EnvPostgres) != "" {
		return []db.Dialect{db.SQLite, db.Postgres}
	}
	return []db.Dialect{db.SQLite}
}

// ForEach runs fn as a subtest on a fresh, migrated database of every engine.
func ForEach(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) { fn(t, Open(t, e)) })
	}
}

// ForEachDSN is ForEach for tests that also need the database's DSN, to
// run a command or a second server on it.
func ForEachDSN(t *testing.T, fn func(t *testing.T, d *db.DB, dsn string)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			d, dsn := OpenDSN(t, e)
			fn(t, d, dsn)
		})
	}
}

// Another opens another connection pool on the database at dsn, as a
// second server or a command has, closed when the test ends.
func Another(tb testing.TB, dsn string) *db.DB {
	tb.Helper()
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("dbtest: open another pool: %v", err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

// Open returns a fresh, migrated database of engine e, closed (and on
// PostgreSQL dropped) when the test ends.
func Open(tb testing.TB, e db.Dialect) *db.DB {
	tb.Helper()
	d, _ := OpenDSN(tb, e)
	return d
}

// OpenDSN is Open that also returns the DSN, for tests that start a second
// process or connection on the same database.
func OpenDSN(tb testing.TB, e db.Dialect) (*db.DB, string) {
	tb.Helper()
	ctx := context.Background()
	var dsn string
	switch e {
	case db.SQLite:
		dsn = filepath.Join(tb.TempDir(), "test.db")
	case db.Postgres:
		dsn = freshSchema(tb)
	default:
		tb.Fatalf("dbtest: unknown engine %q", e)
	}
	d, err := db.Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("dbtest: open %s: %v", e, err)
	}
	tb.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		tb.Fatalf("dbtest: migrate %s: %v", e, err)
	}
	return d, dsn
}

// freshSchema creates a schema of its own for the test and returns a URL whose
// search_path points at it, so that parallel test packages never meet.
func freshSchema(tb testing.TB) string {
	base := os.Getenv(EnvPostgres)
	if base == "" {
		tb.Skip("dbtest: " + EnvPostgres + " not set")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	admin, err := db.Open(ctx, base)
	if err != nil {
		tb.Fatalf("dbtest: connect postgres: %v", err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		tb.Fatalf("dbtest: create schema: %v", err)
	}
	tb.Cleanup(func() {
		_, _ = admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("dbtest: %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OneWins runs calls at once, as people acting on one record at the same
// moment, and fails the test unless exactly one succeeds and every other
// is refused as a conflict (409: the record changed meanwhile). It reports
// whether that held.
func OneWins(tb testing.TB, calls ...func() error) bool {
	tb.Helper()
	return OneWinsRefused(tb, func(err error) bool { return apperr.Is(err, apperr.Conflict) }, calls...)
}

// OneWinsRefused is OneWins where the others must fail as refused says.
func OneWinsRefused(tb testing.TB, refused func(error) bool, calls ...func() error) bool {
	tb.Helper()
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, call := range calls {
		wg.Go(func() {
			<-start
			errs[i] = call()
		})
	}
	close(start)
	wg.Wait()
	won, ok := 0, true
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !refused(err):
			tb.Errorf("unexpected error: %v", err)
			ok = false
		}
	}
	if won != 1 {
		tb.Errorf("%d of %d calls succeeded, want 1: %v", won, len(calls), errs)
		ok = false
	}
	return ok
}
