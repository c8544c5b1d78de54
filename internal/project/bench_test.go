package project_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/ident"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
)

// BenchmarkSelect20000 selects from a pool of 20,000 eligible institutions on
// each engine, by draw and by merit: the credit part's pool query, the ties
// query, committing the 20,000-id pool, drawing and storing the result.
//
//	go test -run '^$' -bench Select20000 -benchtime 20x ./internal/project/
//	EVALCRED_TEST_POSTGRES=postgres://... go test -run '^$' -bench Select20000 -benchtime 20x ./internal/project/
func BenchmarkSelect20000(b *testing.B) {
	for _, eng := range dbtest.Engines() {
		d := dbtest.Open(b, eng)
		e := projecttest.NewEnv(b, d, 0)
		ctx := context.Background()
		r := rand.New(rand.NewPCG(1, 2))
		err := d.Tx(ctx, func(tx *db.Tx) error {
			for i := 0; i < 20000; i++ {
				if _, err := projecttest.InsertInstitution(ctx, tx, e.Clock.Now(), ident.GenerateUSCC(r, "430102"), fmt.Sprintf("机构%d", i), "430102"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if eng == db.Postgres {
			_, _ = d.Exec(ctx, "ANALYZE")
		}
		for _, method := range []string{"draw", "merit"} {
			b.Run(string(eng)+"/"+method, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					id := e.NewProject(fmt.Sprintf("基准%d", i))
					b.StartTimer()
					res, err := e.Project.Select(ctx, e.Hunan, id, project.SelectInput{Method: method, Count: 5})
					if err != nil || len(res.Institutions) != 5 || res.PoolSize != 20000 {
						b.Fatalf("select: %v", err)
					}
				}
			})
		}
	}
}
