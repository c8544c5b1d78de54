package httpapi_test

import (
	"fmt"
	"slices"
	"testing"

	"evalcred/internal/apptest"
)

// A general bad record is public from the day it takes effect (the objection
// window passed unanswered) until the last day of its maximum window, and
// gone the day after.
func TestGeneralRecordPublicationWindow(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		id := w.propose(t, w.A, "general", nil)
		if p := w.public(t, w.A); len(p.Records) != 0 {
			t.Fatalf("public while the objection window is open: %+v", p.Records)
		}
		rec := w.record(t, id)
		w.on(rec.ObjectionDeadline)
		if p := w.public(t, w.A); len(p.Records) != 0 {
			t.Fatalf("public on the deadline: %+v", p.Records)
		}
		w.on(rec.EffectiveOn)
		p := w.public(t, w.A)
		if len(p.Records) != 1 || p.Records[0].ID != id || p.Records[0].PublishUntil != rec.PublishUntil {
			t.Fatalf("on the effective date: %+v", p.Records)
		}
		if want := rec.EffectiveOn.AddDays(360); rec.PublishUntil.Before(want) {
			t.Errorf("publish_until %s: want about a year after %s", rec.PublishUntil, rec.EffectiveOn)
		}
		w.on(rec.PublishUntil)
		if p := w.public(t, w.A); len(p.Records) != 1 {
			t.Fatalf("on the last day: %+v", p.Records)
		}
		w.on(rec.PublishUntil.AddDays(1))
		if p := w.public(t, w.A); len(p.Records) != 0 {
			t.Fatalf("after the window: %+v", p.Records)
		}
	})
}

// A serious record with a ban, accepted today: ineligible until the ban's
// last day, on the ban list until then, eligible and off the list the day after.
func TestBanEndsByItself(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		start := w.today()
		end := threeYears(start)
		id := w.propose(t, w.A, "serious", map[string]any{"type": "ban", "starts_on": start, "ends_on": end, "scope": "province"})
		if w.banned(t, w.A) {
			t.Fatal("on the ban list before the record took effect")
		}
		w.post(t, w.A.Token, fmt.Sprintf("/api/v1/credit-records/%d/accept", id), nil, 200)
		st := w.standing(t, w.A)
		if st.Eligible || st.Until != end || len(st.Reasons) == 0 || st.Reasons[0].Text == "" {
			t.Fatalf("standing after acceptance: %+v", st)
		}
		if st.Grade == "" || st.Score >= 10000 {
			t.Errorf("score %d grade %q: a serious record deducts", st.Score, st.Grade)
		}
		if !w.banned(t, w.A) || w.public(t, w.A).Status != "banned" {
			t.Fatal("not on the ban list")
		}
		w.on(end)
		if st := w.standing(t, w.A); st.Eligible || !w.banned(t, w.A) {
			t.Fatalf("on the last day: eligible %v", st.Eligible)
		}
		w.on(end.AddDays(1))
		if st := w.standing(t, w.A); !st.Eligible {
			t.Fatalf("the day after: %+v", st)
		}
		if w.banned(t, w.A) {
			t.Fatal("still on the ban list the day after")
		}
	})
}

// An upheld objection voids the record: nothing of it, ban included, is ever
// public. The proposer cannot decide the objection; the administrator can.
func TestUpheldObjectionLeavesNothingPublic(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		start := w.today()
		id := w.proposeBan(t)
		path := fmt.Sprintf("/api/v1/credit-records/%d/objection", id)
		w.post(t, w.A.Token, path, map[string]string{"reason": "事实不清"}, 200)
		w.post(t, w.hunan, path+"/decision", map[string]string{"decision": "upheld"}, 403)
		w.post(t, w.admin, path+"/decision", map[string]string{"decision": "bogus"}, 422)
		w.post(t, w.admin, path+"/decision", map[string]string{"decision": "upheld"}, 200)
		w.post(t, w.admin, path+"/decision", map[string]string{"decision": "upheld"}, 409)
		if rec := w.record(t, id); rec.State != "void" {
			t.Fatalf("state %s", rec.State)
		}
		w.on(start.AddDays(40))
		if p := w.public(t, w.A); len(p.Records) != 0 || len(p.Restrictions) != 0 || p.Status != "active" {
			t.Fatalf("public after an upheld objection: %+v", p)
		}
		if w.banned(t, w.A) {
			t.Fatal("on the ban list after an upheld objection")
		}
		if st := w.standing(t, w.A); !st.Eligible {
			t.Fatalf("standing after an upheld objection: %+v", st)
		}
	})
}

// Scope and visibility: a county reviewer may not propose; an institution
// sees none of another institution's records, published or not.
func TestCreditAccess(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		body := map[string]any{"institution_id": w.A.ID, "kind": "bad", "severity": "general", "category": "other", "facts": "x", "basis": "y"}
		if r := e.Call("POST", "/api/v1/credit-records", w.furo, body); r.Status != 403 {
			t.Fatalf("county reviewer proposes: %d", r.Status)
		}
		if r := e.Call("POST", "/api/v1/credit-records", w.hunan, map[string]any{"institution_id": w.A.ID}); r.Status != 422 || r.ErrorFields()["kind"] == nil {
			t.Fatalf("incomplete proposal: %d %s", r.Status, r.Body)
		}
		id := w.propose(t, w.A, "general", nil)
		rec := fmt.Sprintf("/api/v1/credit-records/%d", id)
		if r := e.Call("GET", rec, w.B.Token, nil); r.Status != 404 {
			t.Fatalf("another institution reads the record: %d", r.Status)
		}
		if r := e.Call("GET", rec+"/ledger", w.B.Token, nil); r.Status != 404 {
			t.Fatalf("another institution reads the timeline: %d", r.Status)
		}
		w.post(t, w.B.Token, rec+"/objection", map[string]string{"reason": "不是我们"}, 404)
		if r := e.Call("GET", fmt.Sprintf("/api/v1/institutions/%d/standing", w.A.ID), w.B.Token, nil); r.Status != 404 {
			t.Fatalf("another institution reads the standing: %d", r.Status)
		}
		var own struct{ Items []struct{ ID int64 } }
		if st := e.JSON("GET", "/api/v1/credit-records", w.A.Token, nil, &own); st != 200 || len(own.Items) != 1 || own.Items[0].ID != id {
			t.Fatalf("own list (unpublished included): %d %+v", st, own)
		}
		var other struct{ Items []struct{ ID int64 } }
		if st := e.JSON("GET", "/api/v1/credit-records", w.B.Token, nil, &other); st != 200 || len(other.Items) != 0 {
			t.Fatalf("other institution's list: %+v", other)
		}
		if r := e.Call("GET", rec, w.furo, nil); r.Status != 200 {
			t.Errorf("county reviewer of the region reads it: %d", r.Status)
		}
		if r := e.Call("GET", rec, e.Login("zhuzhou"), nil); r.Status != 404 {
			t.Errorf("another city's reviewer reads it: %d", r.Status)
		}
		var mine, theirs struct{ Actions []string }
		if st := e.JSON("GET", rec, w.A.Token, nil, &mine); st != 200 || !slices.Equal(mine.Actions, []string{"object", "accept"}) {
			t.Errorf("the institution's actions: %d %v", st, mine.Actions)
		}
		if st := e.JSON("GET", rec, w.furo, nil, &theirs); st != 200 || theirs.Actions == nil || len(theirs.Actions) != 0 {
			t.Errorf("the county reviewer's actions: %d %v", st, theirs.Actions)
		}
		var tl struct{ Items []struct{ Kind, Hash string } }
		if st := e.JSON("GET", rec+"/ledger", w.A.Token, nil, &tl); st != 200 || len(tl.Items) == 0 || tl.Items[0].Kind != "proposed" {
			t.Fatalf("timeline: %d %+v", st, tl)
		}
		if r := e.Call("GET", "/api/v1/credit-records?format=xlsx", w.hunan, nil); r.Status != 200 || string(r.Body[:2]) != "PK" {
			t.Errorf("export: %d", r.Status)
		}
		if r := e.Call("GET", fmt.Sprintf("/api/v1/institutions/%d/warnings", w.A.ID), w.furo, nil); r.Status != 200 {
			t.Errorf("warnings for the region's reviewer: %d %s", r.Status, r.Body)
		}
		if r := e.Call("GET", fmt.Sprintf("/api/v1/institutions/%d/warnings", w.A.ID), w.A.Token, nil); r.Status != 403 {
			t.Errorf("warnings for the institution: %d", r.Status)
		}
	})
}
