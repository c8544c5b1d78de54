package db_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
)

func TestMigrationsNumberedAlike(t *testing.T) {
	s, err := db.Migrations(db.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.Migrations(db.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != len(p) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(s), len(p))
	}
	for i := range s {
		if s[i].Version != p[i].Version || s[i].Name != p[i].Name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, s[i].Name, p[i].Name)
		}
	}
}

// TestSchemasMatch checks that both engines end with the same tables and
// columns, so that one set of SQL serves both.
func TestSchemasMatch(t *testing.T) {
	if len(dbtest.Engines()) < 2 {
		t.Skip("needs " + dbtest.EnvPostgres)
	}
	ctx := context.Background()
	schema := func(d *db.DB) []string {
		q := `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
		if d.Dialect == db.Postgres {
			q = `SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema()`
		}
		rows, err := d.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var cols []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			cols = append(cols, c)
		}
		sort.Strings(cols)
		return cols
	}
	s := schema(dbtest.Open(t, db.SQLite))
	p := schema(dbtest.Open(t, db.Postgres))
	if strings.Join(s, "\n") != strings.Join(p, "\n") {
		t.Errorf("schemas differ:\nsqlite:   %v\npostgres: %v", s, p)
	}
}

func TestTimesRoundTripAndSort(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		t1 := time.Date(2026, 3, 1, 8, 0, 0, 500_000_000, time.UTC)
		t2 := t1.Add(time.Second) // 1.5s vs 2.5s: text order must be time order
		for i, at := range []time.Time{t2, t1} {
			if _, err := d.Exec(ctx, "INSERT INTO job_runs (name, slot, started_at) VALUES (?, ?, ?)", "x", string(rune('a'+i)), at); err != nil {
				t.Fatal(err)
			}
		}
		var first time.Time
		if err := d.QueryRow(ctx, "SELECT started_at FROM job_runs ORDER BY started_at LIMIT 1").Scan(&first); err != nil {
			t.Fatal(err)
		}
		if !first.Equal(t1) {
			t.Errorf("first = %v, want %v", first, t1)
		}
		var maxAt time.Time
		if err := d.QueryRow(ctx, "SELECT MAX(started_at) FROM job_runs WHERE started_at > ?", t1).Scan(&maxAt); err != nil {
			t.Fatal(err)
		}
		if !maxAt.Equal(t2) {
			t.Errorf("max = %v, want %v", maxAt, t2)
		}
	})
}

func TestDuplicateIsConflict(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ins := "INSERT INTO job_runs (name, slot, started_at) VALUES (?, ?, ?)"
		if _, err := d.Exec(ctx, ins, "j", "s", time.Now()); err != nil {
			t.Fatal(err)
		}
		_, err := d.Exec(ctx, ins, "j", "s", time.Now())
		if !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("second insert: %v, want conflict", err)
		}
	})
}

// TestConditionalUpdateOneWinner: of many transactions updating one row from
// the same state, exactly one succeeds and the others get ErrStale.
func TestConditionalUpdateOneWinner(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "INSERT INTO job_runs (name, slot, started_at) VALUES ('race', 'open', ?)", time.Now()); err != nil {
			t.Fatal(err)
		}
		race := func() error {
			return d.Tx(ctx, func(tx *db.Tx) error {
				return tx.Update(ctx, "UPDATE job_runs SET slot = ? WHERE name = 'race' AND slot = 'open'", "taken")
			})
		}
		dbtest.OneWins(t, race, race, race, race, race, race, race, race)
	})
}

func TestRollbackKeepsNothing(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO job_runs (name, slot, started_at) VALUES ('r', 's', ?)", time.Now()); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM job_runs").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows after rollback", n)
		}
	})
}

// Insert and Update outside a transaction run in one of their own, with
// the same answers as inside one: the new id, and ErrStale when nothing
// matched.
func TestInsertAndUpdateOutsideATransaction(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var q db.Queryer = d
		now := time.Now()
		id, err := q.Insert(ctx, "INSERT INTO notifications (user_id, kind, created_at) VALUES (1, 'k.once', ?)", now)
		if err != nil || id == 0 {
			t.Fatalf("insert: %d %v", id, err)
		}
		read := "UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL"
		if err := q.Update(ctx, read, now, id); err != nil {
			t.Fatalf("update: %v", err)
		}
		if err := q.Update(ctx, read, now, id); !errors.Is(err, apperr.ErrStale) {
			t.Fatalf("second update: %v, want ErrStale", err)
		}
	})
}
