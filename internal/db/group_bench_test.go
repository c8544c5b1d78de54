package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"evalcred/internal/db"
)

// BenchmarkWriteTransactions measures how many short write transactions a
// second the engine takes from 8 goroutines, by statements per transaction
// (each an indexed INSERT of a row like an audit entry, or an UPDATE by
// primary key): the capacity against which a write path's statement count
// is weighed (docs/performance.md, review decisions). SQLite only: the one
// writer and its group commit.
//
//	go test -run '^$' -bench WriteTransactions ./internal/db/
func BenchmarkWriteTransactions(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{2, 8, 16} {
		b.Run(fmt.Sprintf("statements=%d", n), func(b *testing.B) {
			d, err := db.Open(ctx, filepath.Join(b.TempDir(), "w.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			if _, err := d.Exec(ctx, `CREATE TABLE w (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0)`); err != nil {
				b.Fatal(err)
			}
			if _, err := d.Exec(ctx, `CREATE INDEX w_k ON w (k)`); err != nil {
				b.Fatal(err)
			}
			pad := strings.Repeat("审计记录", 40)
			for i := range 20000 { // rows to update
				if _, err := d.Exec(ctx, "INSERT INTO w (k, v) VALUES (?, ?)", fmt.Sprint("seed", i), pad); err != nil {
					b.Fatal(err)
				}
			}
			var seq atomic.Int64
			g0, m0 := d.GroupStats()
			b.SetParallelism(4) // 4 x GOMAXPROCS(2) = 8 goroutines
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := seq.Add(1)
					err := d.Tx(ctx, func(tx *db.Tx) error {
						for s := range n {
							var err error
							if s%2 == 0 {
								_, err = tx.Exec(ctx, "UPDATE w SET n = n + 1 WHERE id = ?", 1+(i*7919+int64(s))%20000)
							} else {
								_, err = tx.Exec(ctx, "INSERT INTO w (k, v) VALUES (?, ?)", fmt.Sprint(i, "-", s), pad)
							}
							if err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
			if g, m := d.GroupStats(); g > g0 {
				b.ReportMetric(float64(m-m0)/float64(g-g0), "tx/commit")
			}
		})
	}
}
