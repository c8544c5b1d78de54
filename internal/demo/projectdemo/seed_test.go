package projectdemo_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/demo"
	"evalcred/internal/demo/projectdemo"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
	"evalcred/internal/services"
)

func seed(t *testing.T, d *db.DB, firms int) map[string]int {
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	s, err := services.New(d, clk, services.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.CreateOfficials(ctx, s); err != nil {
		t.Fatal(err)
	}
	projecttest.Firms(t, d, clk, "430102", firms, 1)
	if err := projectdemo.Seed(ctx, s, rand.New(rand.NewPCG(1, 2))); err != nil {
		t.Fatalf("seed: %v", err)
	}
	stages, err := db.Counts[string](ctx, d, "stages", "SELECT stage, COUNT(*) FROM projects GROUP BY stage")
	if err != nil {
		t.Fatal(err)
	}
	return stages
}

func TestSeedReachesEveryStageGroup(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		got := seed(t, d, 4)
		for _, st := range []string{project.StagePlanning, project.StageTeamFormed, project.StageImplementation, project.StageReporting, project.StageCompleted} {
			if got[st] != 1 {
				t.Errorf("stages %v: want one project in %s", got, st)
			}
		}
	})
}

// Without staffable institutions the seed still succeeds, all five in planning.
func TestSeedWithoutInstitutions(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		if got := seed(t, d, 0); got[project.StagePlanning] != 5 {
			t.Errorf("stages %v", got)
		}
	})
}
