package credit_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"evalcred/internal/credit"
	"evalcred/internal/region"
)

// A direct UPDATE of one credit_records row is found, naming that record's
// latest ledger entry; without it the chain verifies.
func TestLedgerDetectsDirectUpdate(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南天平会计师事务所有限公司", "430102")
		first := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeverityGeneral,
			Sanction: &credit.SanctionSpec{Type: credit.SanctionWarning, StartsOn: e.today(), EndsOn: e.today(), Scope: credit.ScopeProvince}})
		second := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeveritySerious})
		_, err := e.s.Accept(e.ctx, user, first)
		must(t, err)
		if m := e.verify(); m != nil {
			t.Fatalf("untouched ledger: %v", m)
		}
		var latest int64
		must(t, e.d.QueryRow(e.ctx, "SELECT MAX(seq) FROM ledger_entries WHERE subject = 'credit_record' AND subject_id = ?", second).Scan(&latest))
		if _, err := e.d.Exec(e.ctx, "UPDATE credit_records SET severity = 'minor' WHERE id = ?", second); err != nil {
			t.Fatal(err)
		}
		m := e.verify()
		if m == nil || m.Seq != latest || !strings.Contains(m.Reason, "credit_record") {
			t.Fatalf("mismatch = %v, want entry %d", m, latest)
		}
		if _, err := e.d.Exec(e.ctx, "UPDATE credit_records SET severity = 'serious' WHERE id = ?", second); err != nil {
			t.Fatal(err)
		}
		if m := e.verify(); m != nil {
			t.Fatalf("restored row: %v", m)
		}
		if _, err := e.d.Exec(e.ctx, "UPDATE sanctions SET ends_on = '2030-01-01'"); err != nil {
			t.Fatal(err)
		}
		if m := e.verify(); m == nil || !strings.Contains(m.Reason, "sanction") {
			t.Fatalf("changed sanction not found: %v", m)
		}
	})
}

// A person who was lead evaluator of a banned institution is flagged when
// another institution files them; so are a look-alike name and the same phone.
func TestReRegistrationWarnings(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		banned, bannedUser := e.institution("湖南天平会计师事务所有限公司", "430102")
		lead := e.person(banned, "lead_evaluator")
		clerk := e.person(banned, "practitioner")
		id := e.propose(credit.ProposeInput{InstitutionID: banned, Severity: credit.SeveritySerious, Category: "fraud",
			Sanction: &credit.SanctionSpec{Type: credit.SanctionBan, StartsOn: e.today(), EndsOn: day("2029-03-01"), Scope: credit.ScopeProvince}})
		newcomer, _ := e.institution("长沙新天地咨询有限公司", "430103")
		in := credit.WarningInput{InstitutionID: newcomer, People: []credit.PersonRef{{IDNumber: lead, Role: "lead_evaluator", Field: "lead_evaluators[0].id_number"},
			{IDNumber: clerk, Role: "practitioner"}}, Name: "湖南天平会计师事务所有限责任公司"}
		var phone string
		must(t, e.d.QueryRow(e.ctx, "SELECT contact_phone FROM institutions WHERE id = ?", banned).Scan(&phone))
		in.Phone = " " + strings.ReplaceAll(phone, "-", "") + " "

		ws, err := e.s.Warnings(e.ctx, e.d, in)
		must(t, err)
		if len(ws) != 0 {
			t.Fatalf("warnings before the ban took effect: %+v", ws)
		}
		_, err = e.s.Accept(e.ctx, bannedUser, id)
		must(t, err)
		ws, err = e.s.Warnings(e.ctx, e.d, in)
		must(t, err)
		var got []string
		for _, w := range ws {
			if w.BannedID != banned {
				t.Errorf("warning names institution %d", w.BannedID)
			}
			got = append(got, w.Field)
			if strings.Contains(w.PersonIDNumber, lead[6:14]) {
				t.Errorf("ID number not masked: %s", w.PersonIDNumber)
			}
		}
		slices.Sort(got)
		want := []string{"lead_evaluators[0].id_number", "name", "phone"}
		if !slices.Equal(got, want) {
			t.Errorf("warnings on %v, want %v", got, want)
		}
	})
}

// The eligible pool agrees with Standing for every institution, and added
// rules apply in both.
func TestEligiblePoolAgreesWithStanding(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		var ids []int64
		for _, n := range []string{"甲", "乙", "丙", "丁", "戊", "己"} {
			id, _ := e.institution(n+"会计师事务所", "430102")
			ids = append(ids, id)
		}
		_, user1 := ids[1], e.user("institution", "430102", ids[1])
		r := e.propose(credit.ProposeInput{InstitutionID: ids[1], Severity: credit.SeveritySerious})
		_, err := e.s.Accept(e.ctx, user1, r)
		must(t, err)
		e.propose(credit.ProposeInput{InstitutionID: ids[2], Severity: credit.SeverityGeneral,
			Sanction: &credit.SanctionSpec{Type: credit.SanctionSuspension, StartsOn: e.today(), EndsOn: day("2026-12-31"), Scope: credit.ScopeProvince}})
		_, err = e.d.Exec(e.ctx, "UPDATE institutions SET approved_version = 0 WHERE id = ?", ids[3])
		must(t, err)
		_, err = e.d.Exec(e.ctx, "UPDATE institutions SET status = 'deregistered' WHERE id = ?", ids[4])
		must(t, err)
		// A rule from another part: institution 5 missed the training.
		missed := ids[5]
		e.s.AddRule(credit.Rule{Code: "training_missed", Key: "training.reason.missed",
			Block: func(context.Context, credit.RuleScope) (credit.Block, error) {
				return credit.Block{Where: "i.id = ?", Args: []any{missed}}, nil
			}})
		for _, when := range []string{"2026-03-02", "2026-03-20", "2027-01-05"} {
			e.on(day(when))
			pool, err := e.s.EligiblePool(e.ctx, e.d, region.Scope{Code: "430000"}, e.today())
			must(t, err)
			var want []int64
			for _, id := range ids {
				if e.standing(id).Eligible {
					want = append(want, id)
				}
			}
			if !slices.Equal(pool, want) {
				t.Errorf("on %s: pool %v, standing says %v", when, pool, want)
			}
		}
		// Lapsed suspension counts from 2026-03-17; by 2027 it has ended.
		if pool, _ := e.s.EligiblePool(e.ctx, e.d, region.Scope{Code: "430000"}, e.today()); !slices.Equal(pool, []int64{ids[0], ids[2]}) {
			t.Errorf("2027 pool %v", pool)
		}
		if pool, _ := e.s.EligiblePool(e.ctx, e.d, region.Scope{Code: "440000"}, e.today()); len(pool) != 0 {
			t.Errorf("other province's pool %v", pool)
		}
	})
}

func TestScoreModel(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南优秀评估有限公司", "430102")
		if st := e.standing(inst); st.Score != 10000 || st.Grade != "A" {
			t.Fatalf("clean institution: %d %s", st.Score, st.Grade)
		}
		r := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeverityGeneral})
		_, err := e.s.Accept(e.ctx, user, r)
		must(t, err)
		g := e.propose(credit.ProposeInput{InstitutionID: inst, Kind: credit.KindGood, Severity: credit.SeverityGeneral, Category: "other"})
		_, err = e.s.Accept(e.ctx, user, g)
		must(t, err)
		st := e.standing(inst)
		// 100 - 10 (fresh general record) + 2 (commendation) = 92.00.
		if st.Score != 9200 || st.Grade != "A" || len(st.Explanation) != 4 {
			t.Errorf("score %d grade %s explanation %+v", st.Score, st.Grade, st.Explanation)
		}
		e.on(day("2027-09-01")) // halfway through the three-year decay
		if st := e.standing(inst); st.Score <= 9200 || st.Score >= 10000 {
			t.Errorf("decayed score %d", st.Score)
		}
		e.on(day("2029-03-02"))
		if st := e.standing(inst); st.Score != 10000 {
			t.Errorf("after decay: %d", st.Score)
		}
	})
}
