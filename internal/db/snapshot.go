package db

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Backups of the database (evalcred backup and restore). The engines
// differ entirely here, so both sides live in this file:
//
//   - SQLite: VACUUM INTO writes a compact copy of one read snapshot, on a
//     connection of its own. In WAL mode it neither waits for the writer
//     nor makes it wait, and it finishes under any write load; the
//     sqlite3 shell's ".backup" (the online backup API copying all pages in
//     one step at a time) starts over whenever another connection writes,
//     and on a busy server never ends.
//   - PostgreSQL: pg_dump in its custom format, which reads one snapshot
//     (a repeatable-read transaction) while the servers go on writing;
//     pg_restore brings it back into an empty database.

// SnapshotFile is the name of the database copy in a backup directory, by engine.
func SnapshotFile(d Dialect) string {
	if d == Postgres {
		return "evalcred.pgdump"
	}
	return "evalcred.db"
}

// Snapshot writes a consistent copy of the database into dir and returns its
// path. Every transaction committed before it started is in the copy.
func (d *DB) Snapshot(ctx context.Context, dir string) (string, error) {
	out := filepath.Join(dir, SnapshotFile(d.Dialect))
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("db: snapshot: %s exists", out)
	}
	if d.Dialect == Postgres {
		return out, d.pgDump(ctx, out)
	}
	c, err := sql.Open("sqlite", "file:"+d.dsn+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return "", fmt.Errorf("db: snapshot: %w", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "VACUUM INTO ?", out); err != nil {
		os.Remove(out)
		return "", fmt.Errorf("db: snapshot: %w", err)
	}
	return out, nil
}

// SchemaName is the PostgreSQL schema the tables live in (from the URL's
// search_path, "public" by default); "" on SQLite.
func (d *DB) SchemaName(ctx context.Context) (string, error) {
	if d.Dialect != Postgres {
		return "", nil
	}
	var s string
	err := d.QueryRow(ctx, "SELECT current_schema()").Scan(&s)
	return s, err
}

// CheckIntegrity runs the engine's own consistency check: on SQLite
// integrity_check and foreign_key_check; on PostgreSQL, whose pg_restore
// has rebuilt every index and checked every constraint, a query of the
// catalogue that must answer.
func (d *DB) CheckIntegrity(ctx context.Context) error {
	if d.Dialect == Postgres {
		var n int
		return d.QueryRow(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&n)
	}
	var res string
	if err := d.QueryRow(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("db: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("db: integrity check: %s", res)
	}
	rows, err := d.Query(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("db: foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("db: foreign key check: a row refers to one that does not exist")
	}
	return rows.Err()
}

// RestoreSnapshot brings the copy at path back as the database dsn, which
// must be of the same engine and empty: an SQLite file that does not exist
// yet, or a PostgreSQL database without the schema's tables.
func RestoreSnapshot(ctx context.Context, dsn, path string) error {
	if IsPostgresDSN(dsn) {
		return pgRestore(ctx, dsn, path)
	}
	dsn = strings.TrimPrefix(dsn, "sqlite://")
	if _, err := os.Stat(dsn); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s exists: restore into a new file (and swap it in while the server is stopped)", dsn)
	}
	if err := os.MkdirAll(filepath.Dir(dsn), 0o750); err != nil {
		return err
	}
	return copyFileSynced(path, dsn)
}

func copyFileSynced(from, to string) (err error) {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp := to + ".restoring"
	dst, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			dst.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = dst.ReadFrom(src); err != nil {
		return err
	}
	if err = dst.Sync(); err != nil {
		return err
	}
	if err = dst.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, to)
}

// pgTarget is a pgx URL as pg_dump and pg_restore take it: libpq refuses
// search_path as a URL parameter, so it becomes the schema, and the
// password goes in PGPASSWORD rather than on a command line that every
// user of the machine can read.
type pgTarget struct{ conn, schema, password string }

func libpq(dsn string) (pgTarget, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return pgTarget{}, fmt.Errorf("db: %w", err)
	}
	var t pgTarget
	q := u.Query()
	t.schema = q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	if u.User != nil {
		t.password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	t.conn = u.String()
	return t, nil
}

func (d *DB) pgDump(ctx context.Context, out string) error {
	t, err := libpq(d.dsn)
	if err != nil {
		return err
	}
	args := []string{"--format=custom", "--no-owner", "--no-privileges", "--file=" + out}
	if t.schema != "" {
		args = append(args, "--schema="+t.schema)
	}
	if err := runPG(ctx, t, "pg_dump", append(args, "--dbname="+t.conn)...); err != nil {
		os.Remove(out)
		return err
	}
	return nil
}

func pgRestore(ctx context.Context, dsn, path string) error {
	d, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	var n int
	err = d.QueryRow(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'").Scan(&n)
	d.Close()
	if err != nil {
		return err
	}
	if n > 0 {
		return errors.New("the target database already holds EvalCred's tables: restore into an empty database")
	}
	t, err := libpq(dsn)
	if err != nil {
		return err
	}
	return runPG(ctx, t, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname="+t.conn, path)
}

// runPG runs a PostgreSQL client program; its complaint becomes the error.
func runPG(ctx context.Context, t pgTarget, name string, args ...string) error {
	if _, err := exec.LookPath(name); err != nil {
		return fmt.Errorf("%s not found: install the PostgreSQL client programs of the server's major version (Debian: postgresql-client-15)", name)
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = &stderr
	if t.password != "" {
		cmd.Env = append(os.Environ(), "PGPASSWORD="+t.password)
	}
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("%s: %s", name, strings.ReplaceAll(msg, "\n", "; "))
	}
	return nil
}

// Redact returns a PostgreSQL URL without its password, for messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	u.User = url.User(u.User.Username())
	return u.String()
}
