package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/draw"
	// The demo projects and the expert and fund-department logins register
	// themselves with internal/demo (evalcred demo).
	_ "evalcred/internal/demo/projectdemo"
)

func init() {
	register("draw verify", "re-run a published draw from its stored inputs: evalcred draw verify [-db DSN] DRAW_ID", drawVerify)
}

// errDrawMismatch makes the command exit non-zero when a draw does not
// re-run to its stored result.
var errDrawMismatch = errors.New("draw does not verify")

// drawVerify loads a draw's stored inputs (pool, its hash, count, seed,
// algorithm), re-runs the algorithm and compares with the stored result.
func drawVerify(ctx context.Context, env *Env, args []string) error {
	cfg, fs, err := config(env, "draw verify", args, false, nil, nil)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "usage: evalcred draw verify [-db DSN] DRAW_ID")
		return ErrUsage
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintln(env.Stderr, "evalcred draw verify: DRAW_ID must be a positive number")
		return ErrUsage
	}
	a, err := app.Open(ctx, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer a.Close()
	d, err := draw.Load(ctx, a.DB, id)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.Stdout, "draw %d (%s, %s, algorithm %s)\n  pool: %d ids, sha256 %s\n  count: %d, seed: %q\n  stored result: %v\n",
		d.ID, d.Purpose, d.Method, d.Algorithm, len(d.Pool), d.PoolSHA256, d.Count, d.Seed, d.Result)
	if m := draw.Verify(d); m != nil {
		fmt.Fprintf(env.Stdout, "MISMATCH (%s): stored %s, computed %s\n", m.What, m.Stored, m.Computed)
		return fmt.Errorf("%w: %s", errDrawMismatch, m.What)
	}
	fmt.Fprintln(env.Stdout, "OK: re-running the draw from its inputs gives the stored result")
	return nil
}
