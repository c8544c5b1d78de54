package draw

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/region"
	"evalcred/internal/selection"
)

// drawStore holds every query of draws, on the *db.DB or, inside a
// transaction, the *db.Tx.
type drawStore struct{ q db.Queryer }

// insert stores a draw's inputs, its result still empty, and returns its id.
func (s drawStore) insert(ctx context.Context, d *Draw, by int64) (int64, error) {
	pool, _ := json.Marshal(d.Pool)
	excl, _ := json.Marshal(d.Excluded)
	rank, _ := json.Marshal(d.Ranking)
	if d.Ranking == nil {
		rank = []byte("[]")
	}
	var project any
	if d.ProjectID != 0 {
		project = d.ProjectID
	}
	id, err := s.q.Insert(ctx, `INSERT INTO draws (purpose, method, project_id, region_code, algorithm, pool_json, pool_size, pool_sha256, eligible_size,
		excluded_json, ranking_json, draw_count, seed, seed_generated, committed_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Purpose, d.Method, project, d.RegionCode, d.Algorithm, string(pool), len(d.Pool), d.PoolSHA256, d.EligibleSize,
		string(excl), string(rank), d.Count, d.Seed, d.SeedGenerated, d.CommittedAt, by)
	if err != nil {
		return 0, fmt.Errorf("draw: commit: %w", err)
	}
	return id, nil
}

// setResult stores the result of a draw not drawn yet.
func (s drawStore) setResult(ctx context.Context, id int64, result []int64, at time.Time) error {
	b, _ := json.Marshal(result)
	return s.q.Update(ctx, "UPDATE draws SET result_json = ?, drawn_at = ? WHERE id = ? AND drawn_at IS NULL", string(b), at, id)
}

// get reads a draw; NotFound without one.
func (s drawStore) get(ctx context.Context, id int64) (*Draw, error) {
	var d Draw
	var project *int64
	var pool, excl, rank, result string
	err := s.q.QueryRow(ctx, `SELECT id, purpose, method, project_id, region_code, algorithm, pool_json, pool_size, pool_sha256, eligible_size, excluded_json,
		ranking_json, draw_count, seed, seed_generated, result_json, committed_at, drawn_at FROM draws WHERE id = ?`, id).Scan(
		&d.ID, &d.Purpose, &d.Method, &project, &d.RegionCode, &d.Algorithm, &pool, &d.PoolSize, &d.PoolSHA256, &d.EligibleSize, &excl,
		&rank, &d.Count, &d.Seed, &d.SeedGenerated, &result, &d.CommittedAt, &d.DrawnAt)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("draw")
	}
	if err != nil {
		return nil, fmt.Errorf("draw: %d: %w", id, err)
	}
	if project != nil {
		d.ProjectID = *project
	}
	for _, x := range []struct {
		s string
		v any
	}{{pool, &d.Pool}, {excl, &d.Excluded}, {rank, &d.Ranking}, {result, &d.Result}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return nil, fmt.Errorf("draw: %d: %w", id, err)
		}
	}
	if d.Method == MethodMerit {
		d.TieRule = selection.TieRule
	}
	return &d, nil
}

// projectName is the name of the project a draw was made for.
func (s drawStore) projectName(ctx context.Context, projectID int64) (string, error) {
	var name string
	err := s.q.QueryRow(ctx, "SELECT name FROM projects WHERE id = ?", projectID).Scan(&name)
	return name, err
}

// resultNames are the names of what a draw picked, in its order: the
// institutions of a selection, the projects of a spot-check draw ("" for
// one no longer there).
func (s drawStore) resultNames(ctx context.Context, d *Draw) ([]string, error) {
	table := "institutions"
	if d.Purpose == PurposeSpotCheck {
		table = "projects"
	}
	out := make([]string, 0, len(d.Result))
	for _, id := range d.Result {
		name, err := s.name(ctx, table, id)
		if err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, nil
}

// name is the name of an institution or a project ("" for one no longer
// there); table is one of those two.
func (s drawStore) name(ctx context.Context, table string, id int64) (string, error) {
	var name string
	if err := s.q.QueryRow(ctx, "SELECT name FROM "+table+" WHERE id = ?", id).Scan(&name); err != nil && !db.IsNoRows(err) {
		return "", err
	}
	return name, nil
}

// spotChecksLimit bounds how many recent spot-check draws are offered.
const spotChecksLimit = 100

// spotChecks lists the ids of the latest spot-check draws made inside
// scope, newest first.
func (s drawStore) spotChecks(ctx context.Context, scope region.Scope) ([]int64, error) {
	cond, args := scope.SQL("region_code")
	return db.IDs(ctx, s.q, "draw: spot checks", "SELECT id FROM draws WHERE purpose = ? AND drawn_at IS NOT NULL AND "+cond+" ORDER BY id DESC LIMIT ?",
		append(append([]any{PurposeSpotCheck}, args...), spotChecksLimit)...)
}
