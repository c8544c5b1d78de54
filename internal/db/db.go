// Package db opens the database, SQLite (embedded, the default) or PostgreSQL
// (by URL), and hides the few differences between them: placeholders, how times
// are stored, driver error codes. SQL elsewhere is written once, in the subset
// both engines share, with ? placeholders.
//
// SQLite allows one writer at a time. Rather than let connections fight over the
// lock (and fail with SQLITE_BUSY), writes go through a pool of exactly one
// connection and reads through a separate pool of read-only connections; WAL
// mode lets readers proceed while the writer works.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names an engine.
type Dialect string

// The engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a database with a writer pool and a reader pool (the same pool on PostgreSQL).
type DB struct {
	Dialect Dialect
	w, r    *sql.DB
	dsn     string
	// rc caches prepared statements of the reader pool (SQLite only; nil on
	// PostgreSQL; the writer's are gw's). See stmtcache.go.
	rc *stmtCache
	// commits counts the write transactions this process committed.
	commits atomic.Uint64
	// gw groups SQLite's transactions (group.go); ck copies SQLite's WAL
	// into the database (checkpoint.go). Both nil on PostgreSQL.
	gw *groupWriter
	ck *checkpointer
	// obs, if set, is told the waits and times of transactions (observe.go).
	obs Observer
}

// Commits returns how many write transactions (Tx and Exec) this process has
// committed so far: a cache compares it to know whether it may have missed
// one of its own process's writes.
func (d *DB) Commits() uint64 { return d.commits.Load() }

// IsPostgresDSN reports whether dsn names a PostgreSQL server.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn: a postgres:// URL or an SQLite file path.
// It does not migrate; see Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("db: empty DSN")
	}
	var d *DB
	var err error
	if IsPostgresDSN(dsn) {
		d, err = openPostgres(dsn)
	} else {
		d, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.w.PingContext(pingCtx); err != nil {
		d.Close()
		return nil, fmt.Errorf("db: connect: %w", err)
	}
	return d, nil
}

func openPostgres(dsn string) (*DB, error) {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	p.SetMaxOpenConns(20)
	p.SetMaxIdleConns(20)
	p.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{Dialect: Postgres, w: p, r: p, dsn: dsn}, nil
}

func openSQLite(path string) (*DB, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("db: create directory: %w", err)
		}
	}
	// busy_timeout covers other processes (a CLI command beside the server);
	// transactions begin IMMEDIATE (group.go, and _txlock for the migrations'
	// BeginTx), taking the write lock at BEGIN so that none has to upgrade a
	// read lock and deadlock; _texttotime turns MAX(ts) and similar
	// expressions back into times; synchronous=NORMAL is durable in WAL mode
	// except for the last transactions on power loss, the usual trade.
	q := url.Values{}
	// wal_autocheckpoint(16000): the checkpointer copies the WAL back into
	// the database beside the writer and has it start over past 4,000 pages
	// (checkpoint.go); the writer checkpoints itself only past 16,000 pages
	// (64 MB), should the checkpointer fall behind.
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "temp_store(MEMORY)", "wal_autocheckpoint(16000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	q.Set("_texttotime", "1")
	w, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)

	rq := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(1)", "query_only(1)"} {
		rq.Add("_pragma", p)
	}
	rq.Set("_texttotime", "1")
	r, err := sql.Open("sqlite", "file:"+path+"?"+rq.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open sqlite readers: %w", err)
	}
	n := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	d := &DB{Dialect: SQLite, w: w, r: r, dsn: path, rc: newStmtCache(r), gw: &groupWriter{maxAge: maxGroupAge}}
	d.ck, err = startCheckpointer(path, d.commits.Load)
	if err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	d.ck.stop()
	if d.gw != nil {
		d.gw.close()
	}
	d.rc.close()
	err := d.w.Close()
	if d.r != d.w {
		err = errors.Join(err, d.r.Close())
	}
	d.ck.closeFile()
	return err
}

// Ping checks that the database answers (for /readyz).
func (d *DB) Ping(ctx context.Context) error {
	return d.r.PingContext(ctx)
}

// Query runs a read on the reader pool.
func (d *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = d.rebind(q)
	if st := d.rc.get(ctx, q); st != nil {
		rows, err := st.QueryContext(ctx, d.args(args)...)
		return rows, mapErr(err)
	}
	rows, err := d.r.QueryContext(ctx, q, d.args(args)...)
	return rows, mapErr(err)
}

// QueryRow runs a one-row read on the reader pool.
func (d *DB) QueryRow(ctx context.Context, q string, args ...any) *Row {
	q = d.rebind(q)
	if st := d.rc.get(ctx, q); st != nil {
		return &Row{r: st.QueryRowContext(ctx, d.args(args)...)}
	}
	return &Row{r: d.r.QueryRowContext(ctx, q, d.args(args)...)}
}

// Exec runs one write statement in its own transaction on the writer pool.
func (d *DB) Exec(ctx context.Context, q string, args ...any) (res sql.Result, err error) {
	q, args = d.rebind(q), d.args(args)
	if d.gw != nil {
		err = d.exclusive(ctx, func(*sql.Conn) error {
			res, err = d.gw.exec(ctx, q, args...)
			return err
		})
	} else {
		res, err = d.w.ExecContext(ctx, q, args...)
	}
	if err == nil {
		d.commits.Add(1)
	}
	return res, mapErr(err)
}

// ctx is the context a statement of the transaction runs with: in a
// grouped transaction, not the caller's cancellation (see group.go).
func (t *Tx) ctx(ctx context.Context) context.Context {
	if t.detached {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// stmt returns the prepared statement for q, or nil (PostgreSQL: pgx
// caches statements itself).
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.w == nil {
		return nil
	}
	return t.w.stmt(ctx, q)
}

// Tx runs fn in a transaction on the writer pool: committed when fn returns nil,
// rolled back otherwise (and on panic). On SQLite, transactions that wait for
// the writer at the same time share a commit (group.go), with the same
// outcome for each as on its own.
func (d *DB) Tx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if d.obs != nil {
		start := time.Now()
		defer func() { d.obs.TxDone(time.Since(start), err) }()
	}
	if d.gw != nil {
		return d.groupTx(ctx, fn)
	}
	begin := time.Now()
	stx, err := d.w.BeginTx(ctx, nil)
	d.observeWait(begin)
	if err != nil {
		return fmt.Errorf("db: begin: %w", mapErr(err))
	}
	tx := &Tx{on: stx, d: d}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err == nil {
			err = tx.flush(ctx)
		}
		if err != nil {
			_ = stx.Rollback()
			return
		}
		if cerr := stx.Commit(); cerr != nil {
			err = fmt.Errorf("db: commit: %w", mapErr(cerr))
			return
		}
		d.commits.Add(1)
	}()
	return fn(tx)
}

// Tx is a transaction; its reads see its own writes.
type Tx struct {
	// on is what the statements run on: a *sql.Tx on PostgreSQL, the
	// writer's connection inside its group's transaction on SQLite (w).
	on runner
	w  *groupWriter
	d  *DB
	// detached: a grouped transaction's statements ignore cancellation.
	detached bool
	// deferred: statements held by Defer (PostgreSQL), sent before the
	// next statement or the commit.
	deferred []deferredStmt
}

// runner is what both *sql.Tx and *sql.Conn offer.
type runner interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// Dialect is the engine of the transaction's database.
func (t *Tx) Dialect() Dialect { return t.d.Dialect }

// Query runs a query inside the transaction.
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	ctx, on, q := t.runner(ctx, q)
	rows, err := on.QueryContext(ctx, q, t.d.args(args)...)
	return rows, mapErr(err)
}

// QueryRow runs a one-row query inside the transaction.
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *Row {
	if err := t.flush(ctx); err != nil {
		return &Row{err: err}
	}
	ctx, on, q := t.runner(ctx, q)
	return &Row{r: on.QueryRowContext(ctx, q, t.d.args(args)...)}
}

// Exec runs a statement inside the transaction.
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	return t.exec(ctx, q, args...)
}

// exec is Exec without sending the deferred statements first.
func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx, on, q := t.runner(ctx, q)
	res, err := on.ExecContext(ctx, q, t.d.args(args)...)
	return res, mapErr(err)
}

// runner returns what runs q in the transaction: its prepared statement
// where the transaction keeps them (SQLite's writer), else the
// transaction itself; with the transaction's context and q in the
// engine's placeholders.
func (t *Tx) runner(ctx context.Context, q string) (context.Context, runner, string) {
	q = t.d.rebind(q)
	ctx = t.ctx(ctx)
	if st := t.stmt(ctx, q); st != nil {
		return ctx, prepared{st}, q
	}
	return ctx, t.on, q
}

// prepared runs its statement whatever query it is given (the one it was
// prepared from).
type prepared struct{ st *sql.Stmt }

func (p prepared) ExecContext(ctx context.Context, _ string, args ...any) (sql.Result, error) {
	return p.st.ExecContext(ctx, args...)
}

func (p prepared) QueryContext(ctx context.Context, _ string, args ...any) (*sql.Rows, error) {
	return p.st.QueryContext(ctx, args...)
}

func (p prepared) QueryRowContext(ctx context.Context, _ string, args ...any) *sql.Row {
	return p.st.QueryRowContext(ctx, args...)
}

// Lock takes, until the transaction ends, a lock on each of keys in space:
// transactions that check a rule over rows they do not change (a person's
// open projects) and then write take it first, so that two of them cannot
// both see the state before the other's write. On PostgreSQL these are
// advisory transaction locks, taken in ascending order so that two
// transactions cannot deadlock; on SQLite the one writer already runs write
// transactions one at a time, and Lock does nothing.
func (t *Tx) Lock(ctx context.Context, space int32, keys ...int64) error {
	if t.d.Dialect != Postgres {
		return nil
	}
	keys = slices.Clone(keys)
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		// The two-int form: k folded into 32 bits (a collision only makes
		// two unrelated transactions wait for each other).
		if _, err := t.Exec(ctx, "SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))", space, int32(k^(k>>32))); err != nil {
			return fmt.Errorf("db: lock: %w", err)
		}
	}
	return nil
}

// Insert runs an INSERT and returns the new row's id (the statement must not
// have a RETURNING clause: one is added).
func (t *Tx) Insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// Update runs a conditional UPDATE and returns ErrStale (409) when it changed
// no row: the guard for state transitions, so that of two people acting on one
// record at once exactly one wins.
func (t *Tx) Update(ctx context.Context, q string, args ...any) error {
	res, err := t.Exec(ctx, q, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errStale
	}
	return nil
}

// Row wraps sql.Row so that driver errors are mapped like everywhere else.
type Row struct {
	r   *sql.Row
	err error // the query could not be sent (Tx.flush failed)
}

// Scan copies the row into dest; sql.ErrNoRows passes through unchanged.
func (r *Row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return mapErr(r.r.Scan(dest...))
}

// Queryer is what both DB and Tx offer; stores hold one so that their
// methods run inside or outside a transaction.
type Queryer interface {
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *Row
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	// Defer runs a write whose result is not needed; see Tx.Defer.
	Defer(ctx context.Context, q string, args ...any) error
	// Insert and Update are Tx.Insert and Tx.Update.
	Insert(ctx context.Context, q string, args ...any) (int64, error)
	Update(ctx context.Context, q string, args ...any) error
	// DeferUpdate is Tx.DeferUpdate; outside a transaction it is Update.
	DeferUpdate(ctx context.Context, q string, args ...any) error
	// ForUpdate is the clause that locks what a SELECT reads; see DB.ForUpdate.
	ForUpdate() string
}

// Insert outside a transaction runs q in a transaction of its own and
// returns the new row's id.
func (d *DB) Insert(ctx context.Context, q string, args ...any) (id int64, err error) {
	err = d.Tx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, q, args...)
		return err
	})
	return id, err
}

// Update outside a transaction runs q in a transaction of its own, with
// Tx.Update's answer: ErrStale when it changed no row.
func (d *DB) Update(ctx context.Context, q string, args ...any) error {
	return d.Tx(ctx, func(tx *Tx) error { return tx.Update(ctx, q, args...) })
}

// DeferUpdate outside a transaction has nothing to wait for: it is Update.
func (d *DB) DeferUpdate(ctx context.Context, q string, args ...any) error {
	return d.Update(ctx, q, args...)
}

var (
	_ Queryer = (*DB)(nil)
	_ Queryer = (*Tx)(nil)
)
