package credit_test

import (
	"errors"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/credit"
	"evalcred/internal/db"
)

// A record proposed by a rule of the platform inside the caller's
// transaction: proposed once per source however often it is asked for,
// with the system as its proposer in the audit log, on the ledger, notified,
// and open to objection like any other; a failed caller takes it back.
func TestProposeTxIsIdempotentBySource(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南质量评价有限公司", "430102")
		outside, _ := e.institution("广东评价咨询有限公司", "440104") // on a Hunan project: no scope applies
		sp := func(id, source int64) credit.SystemProposal {
			return credit.SystemProposal{InstitutionID: id, Kind: credit.KindBad, Severity: credit.SeverityGeneral, Category: "poor_quality",
				Facts: "2025年度质量考核得分52.00分，评定为不合格。", Basis: "年度考核结果", RegionCode: "430000",
				SourceKind: credit.SourceAssessment, SourceID: source}
		}
		propose := func(in credit.SystemProposal) (res credit.ProposeResult, err error) {
			err = e.d.Tx(e.ctx, func(tx *db.Tx) error {
				res, err = e.s.ProposeTx(e.ctx, tx, in)
				return err
			})
			return res, err
		}
		first, err := propose(sp(inst, 7))
		must(t, err)
		if first.State != credit.StateProposed || first.ObjectionDeadline.IsZero() {
			t.Fatalf("first: %+v", first)
		}
		again, err := propose(sp(inst, 7))
		must(t, err)
		if again != first {
			t.Fatalf("second call: %+v, want %+v", again, first)
		}
		other, err := propose(sp(outside, 8))
		must(t, err)
		if other.ID == first.ID {
			t.Fatal("another source got the same record")
		}
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			must(t, e.d.QueryRow(e.ctx, q, args...).Scan(&n))
			return n
		}
		if n := count("SELECT COUNT(*) FROM credit_records WHERE institution_id = ?", inst); n != 1 {
			t.Fatalf("%d records for one source", n)
		}
		if n := count("SELECT COUNT(*) FROM credit_records WHERE id = ? AND source_kind = 'assessment' AND source_id = 7 AND proposed_by = 0 AND proposer_region = '430000'", first.ID); n != 1 {
			t.Fatal("source, proposer or region not recorded")
		}
		if n := count("SELECT COUNT(*) FROM audit_log WHERE action = 'credit.proposed' AND object_id = ? AND actor_name = 'system' AND actor_id IS NULL", first.ID); n != 1 {
			t.Fatalf("audit entries naming the system: %d", n)
		}
		if n := count("SELECT COUNT(*) FROM ledger_entries WHERE subject = ? AND subject_id = ? AND kind = 'proposed'", credit.SubjectRecord, first.ID); n != 1 {
			t.Fatalf("ledger entries: %d", n)
		}
		if n := count("SELECT COUNT(*) FROM notifications WHERE institution_id = ? AND kind = 'notice.credit_proposed'", inst); n != 1 {
			t.Fatalf("notices: %d", n)
		}
		e.ledgerIntact()

		// The caller's transaction failing takes the record back with it.
		boom := errors.New("the caller failed")
		err = e.d.Tx(e.ctx, func(tx *db.Tx) error {
			if _, err := e.s.ProposeTx(e.ctx, tx, sp(inst, 9)); err != nil {
				return err
			}
			return boom
		})
		if err != boom || count("SELECT COUNT(*) FROM credit_records WHERE source_id = 9") != 0 {
			t.Fatalf("rolled back: %v", err)
		}

		_, err = propose(credit.SystemProposal{InstitutionID: inst, Kind: credit.KindBad, Severity: credit.SeverityGeneral, Category: "poor_quality",
			Facts: "x", Basis: "y", RegionCode: "430000", SourceKind: "someone", SourceID: 0})
		if f := apperr.As(err).Fields; f["source_kind"] != "credit.field.record_source" || f["source_id"] == "" {
			t.Fatalf("bad source: %v", err)
		}

		// Nobody proposed it, so the province's administrator decides an objection.
		_, err = e.s.Object(e.ctx, user, first.ID, credit.ObjectInput{Reason: "评分有误"})
		must(t, err)
		res, err := e.s.DecideObjection(e.ctx, e.admin, first.ID, credit.DecisionInput{Decision: "upheld"})
		must(t, err)
		if res.State != credit.StateVoid {
			t.Fatalf("decided: %+v", res)
		}
	})
}
