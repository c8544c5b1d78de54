package project

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/relation"
	"evalcred/internal/selection"
)

// Draw purposes and methods.
const (
	PurposeSelection = "selection"
	PurposeSpotCheck = "spot_check"
	MethodDraw       = "draw"
	MethodMerit      = "merit"
)

// Draw is a published selection or spot-check draw: its inputs, committed
// before the result was computed, and the result.
type Draw struct {
	ID            int64                 `json:"id"`
	Purpose       string                `json:"purpose"`
	Method        string                `json:"method"`
	ProjectID     int64                 `json:"project_id,omitempty"`
	RegionCode    string                `json:"region_code"`
	Algorithm     string                `json:"algorithm"`
	Pool          []int64               `json:"pool"`
	PoolSize      int                   `json:"pool_size"`
	PoolSHA256    string                `json:"pool_sha256"`
	EligibleSize  int                   `json:"eligible_size"`
	Excluded      []relation.Exclusion  `json:"excluded"`
	Ranking       []selection.Candidate `json:"ranking,omitempty"`
	TieRule       string                `json:"tie_rule,omitempty"`
	Count         int                   `json:"count"`
	Seed          string                `json:"seed,omitempty"`
	SeedGenerated bool                  `json:"seed_generated"`
	Result        []int64               `json:"result"`
	CommittedAt   time.Time             `json:"committed_at"`
	DrawnAt       *time.Time            `json:"drawn_at"`
}

// AlgorithmMerit names the merit ranking (selection.Rank).
const AlgorithmMerit = "evalcred-merit-v1:" + selection.TieRule

// commit writes a draw's inputs (result still empty) and its audit entry, so
// that the inputs exist, dated, before anything is drawn from them.
func commit(ctx context.Context, tx *db.Tx, a *auth.Actor, d *Draw) error {
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
	var err error
	d.ID, err = tx.Insert(ctx, `INSERT INTO draws (purpose, method, project_id, region_code, algorithm, pool_json, pool_size, pool_sha256, eligible_size,
		excluded_json, ranking_json, draw_count, seed, seed_generated, committed_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Purpose, d.Method, project, d.RegionCode, d.Algorithm, string(pool), len(d.Pool), d.PoolSHA256, d.EligibleSize,
		string(excl), string(rank), d.Count, d.Seed, d.SeedGenerated, d.CommittedAt, a.UserID)
	if err != nil {
		return fmt.Errorf("project: commit draw: %w", err)
	}
	return audit.Record(ctx, tx, a.Who(), d.CommittedAt, "draw.committed", "draw", d.ID, d.RegionCode, nil,
		map[string]any{"purpose": d.Purpose, "method": d.Method, "pool_size": len(d.Pool), "pool_sha256": d.PoolSHA256, "count": d.Count, "seed": d.Seed})
}

// run computes the result from the committed inputs and stores it.
func run(ctx context.Context, tx *db.Tx, a *auth.Actor, d *Draw, at time.Time) error {
	res, err := rerun(d)
	if err != nil {
		return err
	}
	d.Result, d.DrawnAt = res, &at
	b, _ := json.Marshal(res)
	if err := tx.Update(ctx, "UPDATE draws SET result_json = ?, drawn_at = ? WHERE id = ? AND drawn_at IS NULL", string(b), at, d.ID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, a.Who(), at, "draw.drawn", "draw", d.ID, d.RegionCode, nil, map[string]any{"result": res})
}

// rerun computes a draw's result from its inputs alone.
func rerun(d *Draw) ([]int64, error) {
	if d.Method == MethodMerit {
		ids, _, _ := selection.Top(d.Ranking, d.Count)
		return ids, nil
	}
	return selection.Draw(d.Seed, d.Pool, d.Count)
}

// LoadDraw reads a draw by id; draws are public, so there is no scope.
func LoadDraw(ctx context.Context, q db.Queryer, id int64) (*Draw, error) {
	var d Draw
	var project *int64
	var pool, excl, rank, result string
	err := q.QueryRow(ctx, `SELECT id, purpose, method, project_id, region_code, algorithm, pool_json, pool_size, pool_sha256, eligible_size, excluded_json,
		ranking_json, draw_count, seed, seed_generated, result_json, committed_at, drawn_at FROM draws WHERE id = ?`, id).Scan(
		&d.ID, &d.Purpose, &d.Method, &project, &d.RegionCode, &d.Algorithm, &pool, &d.PoolSize, &d.PoolSHA256, &d.EligibleSize, &excl,
		&rank, &d.Count, &d.Seed, &d.SeedGenerated, &result, &d.CommittedAt, &d.DrawnAt)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("draw")
	}
	if err != nil {
		return nil, fmt.Errorf("project: draw %d: %w", id, err)
	}
	if project != nil {
		d.ProjectID = *project
	}
	for _, x := range []struct {
		s string
		v any
	}{{pool, &d.Pool}, {excl, &d.Excluded}, {rank, &d.Ranking}, {result, &d.Result}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return nil, fmt.Errorf("project: draw %d: %w", id, err)
		}
	}
	if d.Method == MethodMerit {
		d.TieRule = selection.TieRule
	}
	return &d, nil
}

// Mismatch says why a draw does not verify; nil when it does.
type Mismatch struct {
	What     string  `json:"what"` // pool_order, pool_size, pool_sha256, algorithm, result
	Stored   string  `json:"stored"`
	Computed string  `json:"computed"`
	Result   []int64 `json:"result,omitempty"`
}

// Verify re-runs a draw from its stored inputs: the pool must be canonical
// and match its size and hash, and the algorithm must give the stored result.
func Verify(d *Draw) *Mismatch {
	if !slices.Equal(d.Pool, selection.Canonical(d.Pool)) {
		return &Mismatch{What: "pool_order"}
	}
	if len(d.Pool) != d.PoolSize {
		return &Mismatch{What: "pool_size", Stored: fmt.Sprint(d.PoolSize), Computed: fmt.Sprint(len(d.Pool))}
	}
	if h := selection.PoolHash(d.Pool); h != d.PoolSHA256 {
		return &Mismatch{What: "pool_sha256", Stored: d.PoolSHA256, Computed: h}
	}
	switch {
	case d.Method == MethodDraw && d.Algorithm != selection.Algorithm, d.Method == MethodMerit && d.Algorithm != AlgorithmMerit:
		return &Mismatch{What: "algorithm", Stored: d.Algorithm}
	}
	if d.Method == MethodMerit {
		ids := make([]int64, len(d.Ranking))
		for i, c := range d.Ranking {
			ids[i] = c.ID
		}
		if !slices.Equal(selection.Canonical(ids), d.Pool) {
			return &Mismatch{What: "ranking_pool"}
		}
	}
	got, err := rerun(d)
	if err != nil {
		return &Mismatch{What: "pool_order"}
	}
	if !slices.Equal(got, d.Result) {
		return &Mismatch{What: "result", Stored: fmt.Sprint(d.Result), Computed: fmt.Sprint(got), Result: got}
	}
	return nil
}
