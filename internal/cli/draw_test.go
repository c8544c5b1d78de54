package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
)

// evalcred draw verify passes on a stored draw and fails, naming what, once
// the stored result or seed has been tampered with.
func TestDrawVerify(t *testing.T) {
	dbtest.ForEachDSN(t, func(t *testing.T, d *db.DB, dsn string) {
		ctx := context.Background()
		e := projecttest.NewEnv(t, d, 0)
		s, hunan := e.Project, e.Hunan
		for range 6 {
			projecttest.Institution(t, d, e.Clock, "430102")
		}
		p, err := s.Create(ctx, hunan, project.CreateInput{Year: 2026, Name: "验证", Client: "某厅", EvaluatedUnit: "某局", RegionCode: "430000"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Select(ctx, hunan, p.ID, project.SelectInput{Method: "draw", Count: 3})
		if err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(res.DrawID)
		// A PostgreSQL DSN has no directory to put the data beside: keep it out of the source tree.
		env := map[string]string{"EVALCRED_DATA_DIR": t.TempDir()}
		out, _, err := run(t, env, "draw", "verify", "-db", dsn, id)
		if err != nil || !strings.Contains(out, "OK") {
			t.Fatalf("verify: %v %s", err, out)
		}
		r := res.Institutions
		if _, err := d.Exec(ctx, "UPDATE draws SET result_json = ? WHERE id = ?", fmt.Sprintf("[%d,%d,%d]", r[1], r[0], r[2]), res.DrawID); err != nil {
			t.Fatal(err)
		}
		out, _, err = run(t, env, "draw", "verify", "-db", dsn, id)
		if !errors.Is(err, errDrawMismatch) || !strings.Contains(out, "MISMATCH (result)") {
			t.Fatalf("tampered result: %v %s", err, out)
		}
		if _, _, err := run(t, env, "draw", "verify", "-db", dsn); !errors.Is(err, ErrUsage) {
			t.Errorf("missing id: %v", err)
		}
	})
}
