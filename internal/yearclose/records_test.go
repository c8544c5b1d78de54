package yearclose_test

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/yearclose"
)

// A close interrupted after its records step (which ran twice), taken over
// by a second close once its claim is stale: exactly one bad record per
// unqualified institution, each naming its consequence as its source and the
// system as its proposer, and the second run adds nothing.
func TestInterruptedCloseProposesOneRecordEach(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		bad, worse, good := e.institution(), e.institution(), e.institution()
		e.on(day("2025-11-03"))
		for inst, p := range map[int64]string{bad: "55", worse: "40", good: "88"} {
			e.score(e.project(2025, 100_000_000, 10_000_000, calendar.Date{}, inst), inst, p, 10)
		}
		e.on(day("2026-01-20"))
		id, err := e.close.Begin(e.ctx, e.admin, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.close.Work(e.ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := e.close.RecordsStep(e.ctx, id); err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT COUNT(*) FROM credit_records"); n != 2 {
			t.Fatalf("after the interrupted run: %d records, want 2", n)
		}
		// The claim is still held: a close now is refused, one after the
		// claim went stale takes the year over.
		if _, err := e.close.Close(e.ctx, e.admin, 2025); err == nil {
			t.Fatal("a second close ran beside the interrupted one")
		}
		e.clk.Advance(yearclose.StaleAfter + time.Minute)
		again, err := e.close.Close(e.ctx, e.admin, 2025)
		if err != nil || again.State != yearclose.StateDone {
			t.Fatalf("take-over: %+v %v", again, err)
		}
		if again.GradesAdded+again.ConsequencesAdded+again.RecordsAdded+again.FeesAdded != 0 {
			t.Errorf("take-over changed something: %+v", again)
		}
		for _, inst := range []int64{bad, worse, good} {
			want := 1
			if inst == good {
				want = 0
			}
			if n := e.count("SELECT COUNT(*) FROM credit_records WHERE institution_id = ?", inst); n != want {
				t.Errorf("institution %d: %d records, want %d", inst, n, want)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM year_consequences c JOIN credit_records r ON r.id = c.credit_record_id
			WHERE r.source_kind = 'assessment' AND r.source_id = c.id AND r.proposed_by = 0 AND r.proposer_region = '430000'`); n != 2 {
			t.Errorf("records linked to their consequence as source: %d, want 2", n)
		}
		if n := e.count("SELECT COUNT(*) FROM audit_log WHERE action = 'credit.proposed' AND actor_name = 'system'"); n != 2 {
			t.Errorf("proposals the audit log gives to the system: %d, want 2", n)
		}
		if m, err := credit.VerifyLedger(e.ctx, d, e.credit.Ledger.PublicKey()); m != nil || err != nil {
			t.Errorf("ledger: %v %v", m, err)
		}
	})
}

// watching records the close's progress each time a record is proposed.
type watching struct {
	*credit.Service
	seen [][2]int
}

func (w *watching) ProposeTx(ctx context.Context, tx *db.Tx, in credit.SystemProposal) (credit.ProposeResult, error) {
	var done, total int
	if err := tx.QueryRow(ctx, "SELECT done, total FROM year_close_runs ORDER BY id DESC LIMIT 1").Scan(&done, &total); err != nil {
		return credit.ProposeResult{}, err
	}
	w.seen = append(w.seen, [2]int{done, total})
	return w.Service.ProposeTx(ctx, tx, in)
}

// The progress counts the records phase: while records are being proposed
// the run is short of 100%, and it reaches 100% when they are all proposed;
// a second run with nothing to propose counts only the institutions.
func TestProgressCountsTheRecords(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := &watching{Service: e.credit}
		e.close.Credit, e.close.ChunkSize = w, 1
		bad, worse, good := e.institution(), e.institution(), e.institution()
		run := e.gradeYear(2025, map[int64]string{bad: "55", worse: "40", good: "88"})
		if want := [][2]int{{3, 5}, {4, 5}}; len(w.seen) != 2 || w.seen[0] != want[0] || w.seen[1] != want[1] {
			t.Errorf("progress (done, total) while proposing: %v, want %v", w.seen, want)
		}
		if run.Done != 5 || run.Total != 5 || run.Percent() != 100 || run.RecordsAdded != 2 {
			t.Errorf("finished run: %+v (%d%%)", run, run.Percent())
		}
		again, err := e.close.Close(e.ctx, e.admin, 2025)
		if err != nil || again.Done != 3 || again.Total != 3 || again.Percent() != 100 {
			t.Errorf("second run: %+v %v", again, err)
		}
		for _, p := range w.seen {
			if (&yearclose.Run{Done: p[0], Total: p[1], State: yearclose.StateRunning}).Percent() >= 100 {
				t.Errorf("100%% shown while a record was still to be proposed: %v", p)
			}
		}
	})
}
