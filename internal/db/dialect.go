package db

import (
	"strconv"
	"strings"
	"time"
)

// timeFormat is how times are stored in SQLite: UTC with a fixed number of
// fractional digits, so that text order is time order and comparisons in SQL
// work. The driver parses it back into time.Time for TIMESTAMP columns.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// rebind turns ? placeholders into $1, $2 ... for PostgreSQL. Question marks in
// string literals are left alone.
func (d *DB) rebind(q string) string {
	if d.Dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	inStr := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// args converts arguments where the engines differ: times are stored in UTC,
// and on SQLite as fixed-width text.
func (d *DB) args(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			args[i] = d.timeArg(v)
		case *time.Time:
			if v == nil {
				args[i] = nil
			} else {
				args[i] = d.timeArg(*v)
			}
		}
	}
	return args
}

func (d *DB) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if d.Dialect == SQLite {
		return t.UTC().Format(timeFormat)
	}
	return t.UTC()
}

// Now returns the SQL expression for the current time in this dialect, for the
// rare statement that must use the database's clock (leases across servers).
func (d *DB) Now() string {
	if d.Dialect == Postgres {
		return "now()"
	}
	return "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
}

// ForUpdate is the clause that makes a SELECT lock the rows it reads until
// the transaction ends, for a read that decides a write (the ledger's head):
// " FOR UPDATE" on PostgreSQL; nothing on SQLite, whose one writer runs
// write transactions one at a time anyway.
func (d *DB) ForUpdate() string {
	if d.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// ForUpdate is DB.ForUpdate.
func (t *Tx) ForUpdate() string { return t.d.ForUpdate() }

// ConcurrentCommits reports whether write transactions run and commit side
// by side (PostgreSQL), so that a reader can see a row numbered by a
// sequence before an earlier-numbered one whose transaction has not
// committed yet. On SQLite the one writer commits them in order.
func (d *DB) ConcurrentCommits() bool { return d.Dialect == Postgres }

// Like returns a LIKE pattern that matches s anywhere, with the wildcards in s
// escaped; use it with "LIKE ? ESCAPE '\'".
func Like(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// Position is the SQL for where the string of a parameter first occurs in
// col, counted in characters from 1, or 0 when it does not: a substring test
// without LIKE, whose bound pattern makes SQLite prepare the statement again
// on every execution (and needs no escaping).
func (d *DB) Position(col string) string {
	if d.Dialect == Postgres {
		return "strpos(" + col + ", ?)"
	}
	return "instr(" + col + ", ?)"
}

// In returns "?, ?, ?" for n placeholders.
func In(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Lock spaces of Tx.Lock, one per kind of key.
const (
	// LockPerson locks a person (persons.id) while a rule over their other
	// rows is checked.
	LockPerson int32 = 7260116
)
