package credit_test

import (
	"slices"
	"testing"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/credit"
)

// A record lists what its reader may do with it now, and each action listed
// succeeds: objecting or accepting in the window, deciding an objection
// above the proposer, applying for repair once the minimum period is over
// (before, the first day it may), deciding a repair one did not apply for.
// The list of records says the same as each record.
func TestRecordActions(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南天平会计师事务所有限公司", "430102")
		other, _ := e.institution("长沙明鉴咨询有限公司", "430102")
		otherUser := e.user(auth.RoleInstitution, "430102", other)
		actions := func(a *auth.Actor, id int64) ([]string, calendar.Date) {
			t.Helper()
			r, err := e.s.Get(e.ctx, a, id)
			must(t, err)
			list, err := e.s.ListRecords(e.ctx, a, credit.RecordFilter{}, credit.Page{})
			must(t, err)
			for _, x := range list.Items {
				if x.ID == id && !slices.Equal(x.Actions, r.Actions) {
					t.Errorf("list says %v, the record %v", x.Actions, r.Actions)
				}
			}
			return r.Actions, r.RepairFrom
		}
		want := func(a *auth.Actor, id int64, w ...string) {
			t.Helper()
			if got, _ := actions(a, id); got == nil || !slices.Equal(got, w) {
				t.Errorf("actions %#v, want %v", got, w)
			}
		}

		objected := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeverityGeneral})
		want(user, objected, credit.ActionObject, credit.ActionAccept)
		want(e.reviewer, objected)
		_, err := e.s.Object(e.ctx, user, objected, credit.ObjectInput{Reason: "事实不清"})
		must(t, err)
		want(user, objected)
		want(e.reviewer, objected) // the proposer has no say
		want(e.admin, objected, credit.ActionDecideObjection)
		_, err = e.s.DecideObjection(e.ctx, e.admin, objected, credit.DecisionInput{Decision: "upheld"})
		must(t, err)
		want(e.admin, objected)

		serious := e.propose(credit.ProposeInput{InstitutionID: inst, Severity: credit.SeveritySerious, Category: "fraud"})
		lapsed := e.propose(credit.ProposeInput{InstitutionID: other, Severity: credit.SeverityGeneral})
		_, err = e.s.Accept(e.ctx, user, serious)
		must(t, err)
		got, from := actions(user, serious)
		if len(got) != 0 || from != day("2027-03-02") {
			t.Errorf("before the minimum period: %v, repair from %s", got, from)
		}
		e.on(day("2027-03-02"))
		want(user, serious, credit.ActionApplyRepair)
		if _, from := actions(user, serious); !from.IsZero() {
			t.Errorf("repair from %s once it is open", from)
		}
		_, err = e.s.ApplyRepair(e.ctx, user, serious, credit.RepairInput{Explanation: "已整改", Pledge: true})
		must(t, err)
		want(user, serious)
		want(e.county, serious)
		want(e.reviewer, serious, credit.ActionDecideRepair)
		// Unobjected, the other institution's general record took effect
		// on its own; three months on, its repair is open.
		want(otherUser, lapsed, credit.ActionApplyRepair)
	})
}
