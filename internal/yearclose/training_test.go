package yearclose_test

import (
	"slices"
	"testing"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/ident"
	"evalcred/internal/project/projecttest"
	"evalcred/internal/region"
	"evalcred/internal/training"
)

// No attendee at the year's mandatory training: ineligible and out of the
// selection pool; recording an attendee restores both. Before the session is
// held, and in a year without one, the rule does not apply.
func TestTrainingAttendanceRule(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.on(day("2026-03-02"))
		inst, other := e.institution(), e.institution()
		trainer := projecttest.User(t, d, e.clk, auth.RoleProvincialReviewer, "430000", 0)
		s, err := e.train.CreateSession(e.ctx, trainer, training.SessionInput{Year: 2026, Topic: "年度评价业务培训", HeldOn: day("2026-03-10"), Mandatory: true})
		if err != nil {
			t.Fatal(err)
		}
		inPool := func(id int64) bool {
			pool, err := e.credit.EligiblePool(e.ctx, d, region.Scope{Code: "430000"}, e.today())
			if err != nil {
				t.Fatal(err)
			}
			return slices.Contains(pool, id)
		}
		if !e.eligible(inst, day("2026-03-09")) || !inPool(inst) {
			t.Fatal("the rule applied before the session was held")
		}
		user := projecttest.User(t, d, e.clk, auth.RoleInstitution, "430102", inst)
		idn := projecttest.Person(t, d, e.clk, inst, "practitioner")
		if _, err := e.train.Enrol(e.ctx, user, s.ID, training.EnrolInput{IDNumber: idn, Name: "李四"}); err != nil {
			t.Fatal(err)
		}
		e.on(day("2026-03-12"))
		st, err := e.credit.Standing(e.ctx, d, inst, e.today())
		if err != nil || st.Eligible || st.Reasons[0].Code != training.RuleName {
			t.Fatalf("no attendee: %+v %v", st, err)
		}
		if inPool(inst) || inPool(other) {
			t.Fatal("institutions without an attendee are in the pool")
		}
		a, err := e.train.Record(e.ctx, trainer, s.ID, training.EnrolInput{IDNumber: idn, Attended: true})
		if err != nil || !a.Attended || a.IDNumber != ident.MaskResidentID(idn) {
			t.Fatalf("record: %+v %v", a, err)
		}
		if !e.eligible(inst, e.today()) || !inPool(inst) || inPool(other) {
			t.Fatal("attending did not restore eligibility")
		}
		if !e.eligible(other, day("2027-03-01")) {
			t.Fatal("the rule applied in a year without a mandatory session")
		}
	})
}

func (e *env) today() calendar.Date { return calendar.DateOf(e.clk.Now()) }
