package gen_test

import (
	"context"
	"testing"

	"evalcred/internal/db/dbtest"
	"evalcred/internal/gen"
)

// BenchmarkGenerate times a 5,000-institution data set per engine (a tenth
// of the national one; `evalcred gen` reports the phases of a full run).
func BenchmarkGenerate(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				d := dbtest.Open(b, e)
				s := newSet(b, d)
				o := gen.Defaults()
				o.Institutions, o.HotCount, o.Today = 5000, 1000, today
				b.StartTimer()
				if _, err := gen.Run(context.Background(), s, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
