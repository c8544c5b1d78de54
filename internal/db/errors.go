package db

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"evalcred/internal/apperr"
)

var errStale = apperr.ErrStale

// ErrNoRows is sql.ErrNoRows, re-exported so that stores need not import database/sql.
var ErrNoRows = sql.ErrNoRows

// mapErr turns driver errors that mean something to a user into apperr codes:
// a unique violation is a conflict (duplicate), a busy database is unavailable.
// Other errors pass through, wrapped by callers with %w.
func mapErr(err error) error {
	if err == nil || errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return apperr.Wrap(err, apperr.Conflict, "error.duplicate")
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return apperr.Wrap(err, apperr.Unavailable, "error.busy")
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return apperr.Wrap(err, apperr.Conflict, "error.duplicate")
		case "40001", "40P01":
			return apperr.Wrap(err, apperr.Conflict, "error.stale")
		}
	}
	return err
}

// IsNoRows reports whether err says a query found no row.
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// Found answers a store's read of one row from what the scan gave, v and
// err: no row is NotFound of what (missing, or outside the reader's
// scope); any other error is wrapped as format and args say ("assessment:
// load %d", id).
func Found[T any](v T, err error, what, format string, args ...any) (T, error) {
	if err == nil {
		return v, nil
	}
	var zero T
	if IsNoRows(err) {
		return zero, apperr.NotFoundf(what)
	}
	return zero, fmt.Errorf(format+": %w", append(args, err)...)
}
