package credit_test

import (
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/credit"
	"evalcred/internal/db/dbtest"
)

// A general record is public from the day it takes effect until the end of
// its maximum window (12 months), then gone by itself.
func TestGeneralRecordPublicationWindow(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南天平会计师事务所有限公司", "430102")
		id := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeverityGeneral})
		if got := e.published(inst); len(got) != 0 {
			t.Fatalf("published while proposed: %v", got)
		}
		_, err := e.s.Accept(e.ctx, user, id)
		must(t, err)
		from := e.today()
		until := day("2027-03-01") // 2026-03-02 + 12 months - 1 day
		for _, c := range []struct {
			on   string
			want int
		}{{from.String(), 1}, {"2026-09-01", 1}, {until.String(), 1}, {until.AddDays(1).String(), 0}} {
			e.on(day(c.on))
			if got := e.published(inst); len(got) != c.want {
				t.Errorf("on %s: %d published, want %d", c.on, len(got), c.want)
			}
		}
		n, err := e.s.RunDaily(e.ctx)
		must(t, err)
		if n != 1 {
			t.Errorf("daily run changed %d records, want 1 (expired)", n)
		}
		e.ledgerIntact()
	})
}

// A proposal nobody objects to counts as effective from the day after the
// deadline, whether or not the daily job has run; the job only writes it down.
func TestLapsedProposalIsEffectiveWithOrWithoutJob(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("长沙明鉴咨询有限公司", "430102")
		id := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeverityGeneral})
		r, err := e.s.Get(e.ctx, user, id)
		must(t, err)
		e.on(r.ObjectionDeadline)
		if len(e.published(inst)) != 0 {
			t.Fatal("published on the last day of the objection window")
		}
		e.on(r.ObjectionDeadline.AddDays(1))
		if len(e.published(inst)) != 1 {
			t.Fatal("not published the day after the window, before the job")
		}
		if r, _ := e.s.Get(e.ctx, user, id); r.State != credit.StateEffective {
			t.Errorf("state seen = %s, want effective", r.State)
		}
		_, err = e.s.Object(e.ctx, user, id, credit.ObjectInput{Reason: "不同意"})
		wantErr(t, err, apperr.Conflict, "credit.objection_window_closed")
		n, err := e.s.RunDaily(e.ctx)
		must(t, err)
		if n != 1 || len(e.published(inst)) != 1 {
			t.Errorf("after job: changed %d, published %d", n, len(e.published(inst)))
		}
		if n, _ := e.s.RunDaily(e.ctx); n != 0 {
			t.Errorf("second run changed %d", n)
		}
		var state string
		must(t, e.d.QueryRow(e.ctx, "SELECT state FROM credit_records WHERE id = ?", id).Scan(&state))
		if state != credit.StateEffective {
			t.Errorf("stored state %s", state)
		}
		e.ledgerIntact()
	})
}

// A serious record with a (default three-year) ban: ineligible until the
// ban's end date, eligible the day after.
func TestBanMakesIneligibleUntilItsEnd(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南诚信评估有限公司", "430102")
		start := e.today()
		end := day("2029-03-01")
		id := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeveritySerious, Category: "fraud",
			Sanction: &credit.SanctionSpec{Type: credit.SanctionBan, StartsOn: start, EndsOn: end, Scope: credit.ScopeProvince}})
		if st := e.standing(inst); !st.Eligible {
			t.Fatalf("ineligible while only proposed: %+v", st.Reasons)
		}
		if len(e.bans()) != 0 {
			t.Fatal("ban listed before the record took effect")
		}
		_, err := e.s.Accept(e.ctx, user, id)
		must(t, err)
		st := e.standing(inst)
		if st.Eligible || st.Until != end {
			t.Fatalf("standing = eligible %v until %s, want ineligible until %s (%+v)", st.Eligible, st.Until, end, st.Reasons)
		}
		if len(e.bans()) != 1 {
			t.Fatal("ban not listed")
		}
		e.on(end)
		if st := e.standing(inst); st.Eligible {
			t.Errorf("eligible on the ban's last day")
		}
		e.on(end.AddDays(1))
		if st := e.standing(inst); !st.Eligible {
			t.Errorf("ineligible the day after the ban: %+v", st.Reasons)
		}
		if len(e.bans()) != 0 {
			t.Error("ban still listed after its end")
		}
	})
}

// An upheld objection leaves nothing public and nothing in force.
func TestUpheldObjectionLeavesNothing(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南公正会计师事务所", "430102")
		id := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeveritySerious,
			Sanction: &credit.SanctionSpec{Type: credit.SanctionBan, StartsOn: e.today(), EndsOn: day("2029-03-01"), Scope: credit.ScopeAllLevels}})
		_, err := e.s.Object(e.ctx, user, id, credit.ObjectInput{Reason: "事实不清"})
		must(t, err)
		// The proposer can never decide, whatever role they hold later.
		_, err = e.s.DecideObjection(e.ctx, e.reviewer, id, credit.DecisionInput{Decision: "upheld"})
		wantErr(t, err, apperr.Forbidden, "")
		promoted := *e.admin
		promoted.UserID = e.reviewer.UserID
		_, err = e.s.DecideObjection(e.ctx, &promoted, id, credit.DecisionInput{Decision: "upheld"})
		wantErr(t, err, apperr.Forbidden, "error.decider_is_first_official")

		res, err := e.s.DecideObjection(e.ctx, e.admin, id, credit.DecisionInput{Decision: "upheld"})
		must(t, err)
		if res.State != credit.StateVoid {
			t.Errorf("state %s", res.State)
		}
		for _, when := range []string{"2026-03-02", "2026-06-01", "2027-06-01"} {
			e.on(day(when))
			if len(e.published(inst)) != 0 || len(e.bans()) != 0 || !e.standing(inst).Eligible {
				t.Errorf("on %s something of a void record still counts", when)
			}
		}
		e.ledgerIntact()
	})
}

// Two administrators deciding one objection at once: exactly one wins.
func TestConcurrentObjectionDecisionsOneWins(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南同心咨询有限公司", "430102")
		id := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeverityGeneral})
		_, err := e.s.Object(e.ctx, user, id, credit.ObjectInput{Reason: "不同意"})
		must(t, err)
		decide := func(a *auth.Actor, decision string) func() error {
			return func() error {
				_, err := e.s.DecideObjection(e.ctx, a, id, credit.DecisionInput{Decision: decision})
				return err
			}
		}
		dbtest.OneWins(t, decide(e.admin, "upheld"), decide(e.admin2, "rejected"))
		e.ledgerIntact()
	})
}

// Repair: refused before the minimum period with the earliest date; approved,
// it removes the record from the public page and the ban from the ban list
// at once, and the institution is eligible again.
func TestApprovedRepairRemovesAtOnce(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南求实会计师事务所", "430102")
		id := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeveritySerious, Category: "fraud",
			Sanction: &credit.SanctionSpec{Type: credit.SanctionBan, StartsOn: e.today(), EndsOn: day("2029-03-01"), Scope: credit.ScopeProvince}})
		_, err := e.s.Accept(e.ctx, user, id)
		must(t, err)
		in := credit.RepairInput{Explanation: "已整改", Pledge: true}
		_, err = e.s.ApplyRepair(e.ctx, user, id, in)
		wantErr(t, err, apperr.Conflict, "credit.repair_too_early")
		if a := apperr.As(err); len(a.Args) != 1 || a.Args[0] != "2027-03-02" {
			t.Errorf("earliest date = %v, want 2027-03-02", a.Args)
		}
		e.on(day("2027-03-02"))
		_, err = e.s.ApplyRepair(e.ctx, user, id, credit.RepairInput{Explanation: "已整改"})
		wantErr(t, err, apperr.Invalid, "")
		_, err = e.s.ApplyRepair(e.ctx, user, id, in)
		must(t, err)
		if len(e.published(inst)) != 1 || len(e.bans()) != 1 || e.standing(inst).Eligible {
			t.Fatal("pending repair already changed what counts")
		}
		_, err = e.s.DecideRepair(e.ctx, e.county, id, credit.DecisionInput{Decision: "approved"})
		wantErr(t, err, apperr.Forbidden, "")
		res, err := e.s.DecideRepair(e.ctx, e.reviewer, id, credit.DecisionInput{Decision: "approved", Comment: "同意"})
		must(t, err)
		if res.State != credit.StateRepaired {
			t.Errorf("state %s", res.State)
		}
		if len(e.published(inst)) != 0 || len(e.bans()) != 0 {
			t.Error("repaired record still public or banned")
		}
		if st := e.standing(inst); !st.Eligible {
			t.Errorf("still ineligible: %+v", st.Reasons)
		}
		e.ledgerIntact()
	})
}
