// Package draw keeps published draws: the institutions drawn or ranked for
// a project's selection and the projects drawn for spot checks. A draw's
// inputs (the canonical pool, its hash, the count, the seed or ranking) are
// committed before its result is computed from them, and anyone can re-run
// it (Verify; the algorithm is internal/selection). Every query is in
// store.go.
package draw

import (
	"context"
	"fmt"
	"slices"
	"time"

	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
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

// MaxCount bounds how many one draw may pick.
const MaxCount = 50

// AlgorithmMerit names the merit ranking (selection.Rank).
const AlgorithmMerit = "evalcred-merit-v1:" + selection.TieRule

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

// Publish commits a draw's inputs (the result still empty) with their audit
// entry, so that they exist, dated, before anything is drawn from them; then
// computes the result from them alone and stores it. A draw by seed without
// one gets a random seed, published like a typed one. It runs inside the
// caller's transaction and sets d's id, seed, times and result.
func Publish(ctx context.Context, tx *db.Tx, a *auth.Actor, d *Draw, clk clock.Clock) error {
	var err error
	if d.Method == MethodDraw && d.Seed == "" {
		if d.Seed, err = selection.NewSeed(); err != nil {
			return fmt.Errorf("draw: seed: %w", err)
		}
		d.SeedGenerated = true
	}
	st := drawStore{tx}
	d.CommittedAt = clock.Stamp(clk)
	if d.ID, err = st.insert(ctx, d, a.UserID); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, a.Who(), d.CommittedAt, "draw.committed", "draw", d.ID, d.RegionCode, nil,
		map[string]any{"purpose": d.Purpose, "method": d.Method, "pool_size": len(d.Pool), "pool_sha256": d.PoolSHA256, "count": d.Count, "seed": d.Seed}); err != nil {
		return err
	}
	res, err := rerun(d)
	if err != nil {
		return err
	}
	at := clock.Stamp(clk)
	d.Result, d.DrawnAt = res, &at
	if err := st.setResult(ctx, d.ID, res, at); err != nil {
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

// Load reads a draw by id; draws are public, so there is no scope.
func Load(ctx context.Context, q db.Queryer, id int64) (*Draw, error) {
	return drawStore{q}.get(ctx, id)
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
