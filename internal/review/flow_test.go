package review_test

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/filing"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/region"
	"evalcred/internal/registry"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/review"
)

// Monday 2 March 2026, 10:00 in China.
var t0 = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

// forEach runs fn on a fresh database of every engine with the registry,
// filing and review services wired on it, on a fake clock at t0.
func forEach(t *testing.T, fn func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services)) {
	t.Helper()
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(t0)
		fn(t, d, clk, filingtest.New(t, d, clk))
	})
}

// The whole path: register → approve registration → save draft → upload →
// submit → level 1 approve → level 2 approve → approved.
func TestFullFlow(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		in := registrytest.Input("430102")
		reg, err := s.Registry.Register(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		furong := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430102")
		changsha := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430100")
		hunan := registrytest.Official(t, d, clk, auth.RoleProvincialReviewer, "430000")
		if _, err := s.Registry.ApproveRegistration(ctx, furong, reg.ID); err != nil {
			t.Fatal(err)
		}
		user := registrytest.InstitutionUser(t, d, reg.InstitutionID)
		draft, err := s.Filing.GetDraft(ctx, user, reg.InstitutionID)
		if err != nil || draft.Institution.Name != in.Name || draft.Revision != 0 || !draft.Editable {
			t.Fatalf("prefilled draft: %v %+v", err, draft)
		}
		doc := s.CompleteDocument(t, user, reg.InstitutionID)
		saved, err := s.Filing.SaveDraft(ctx, user, reg.InstitutionID, filing.Draft{Document: doc})
		if err != nil || saved.Revision != 1 || saved.FilingState != "draft" {
			t.Fatalf("save: %v %+v", err, saved)
		}
		clk.Advance(time.Hour)
		res, err := s.Filing.Submit(ctx, user, reg.InstitutionID)
		if err != nil || res.Version != 1 || res.State != "level1" {
			t.Fatalf("submit: %v %+v", err, res)
		}
		// Under review the draft is locked.
		if _, err := s.Filing.SaveDraft(ctx, user, reg.InstitutionID, filing.Draft{Document: doc}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("save under review: %v", err)
		}
		// Level 1: both the county and the city see the task; the province does not (level 2 only).
		for _, a := range []*auth.Actor{furong, changsha} {
			q, err := s.Review.Queue(ctx, a, review.Filter{State: "open"}, registry.Page{})
			if err != nil || q.Total != 1 || q.Items[0].Level != 1 || q.Items[0].USCC != in.USCC || q.Items[0].Version != 1 {
				t.Fatalf("queue of %s: %v %+v", a.Username, err, q)
			}
			if acts := q.Items[0].Actions; len(acts) != 2 || !acts.Has(review.Approve) || !acts.Has(review.Return) {
				t.Errorf("actions of %s on an open task: %v", a.Username, acts)
			}
		}
		if q, _ := s.Review.Queue(ctx, hunan, review.Filter{State: "open"}, registry.Page{}); q.Total != 0 {
			t.Errorf("province sees level-1 task")
		}
		clk.Advance(3 * time.Hour)
		task := s.DecideOpen(t, changsha, reg.InstitutionID, 1, review.Decision{Decision: "approve"})
		if task.State != "approved" || task.DecidedBy != changsha.UserID || task.Actions == nil || len(task.Actions) != 0 {
			t.Errorf("level 1 task %+v", task)
		}
		q, _ := s.Review.Queue(ctx, hunan, review.Filter{State: "open"}, registry.Page{})
		if q.Total != 1 || q.Items[0].Level != 2 {
			t.Fatalf("level 2 queue %+v", q)
		}
		// Level 2 is due 5 working days later: Monday → the following Monday.
		if got := calendar.DateOf(q.Items[0].DueAt).String(); got != "2026-03-09" {
			t.Errorf("level 2 due %s", got)
		}
		clk.Advance(24 * time.Hour)
		s.DecideOpen(t, hunan, reg.InstitutionID, 2, review.Decision{Decision: "approve", Comments: map[string]string{"general": "材料齐全"}})
		inst, err := s.Registry.GetInstitution(ctx, hunan, reg.InstitutionID)
		if err != nil {
			t.Fatal(err)
		}
		if inst.FilingState != "approved" || inst.ApprovedVersion != 1 || inst.ApprovedAt == nil || inst.UpdateDueOn.String() != "2027-03-03" ||
			inst.Address != doc.Institution.Address || inst.LegalRepName != "赵法人" || inst.UpdateOverdue {
			t.Errorf("approved institution %+v", inst)
		}
		vs, err := s.Filing.ListVersions(ctx, user, reg.InstitutionID)
		if err != nil || len(vs) != 1 || vs[0].State != "approved" || vs[0].DecidedAt == nil {
			t.Errorf("versions %v %+v", err, vs)
		}
		var active int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM person_roles WHERE institution_id = ? AND active = TRUE", reg.InstitutionID).Scan(&active)
		if active != 4 { // legal rep, lead evaluator, two practitioners
			t.Errorf("%d active roles, want 4", active)
		}
		// After approval a new draft starts from the approved version.
		d2, err := s.Filing.GetDraft(ctx, user, reg.InstitutionID)
		if err != nil || !d2.Editable || d2.LegalRepresentative.Name != "赵法人" {
			t.Errorf("draft after approval %v %+v", err, d2)
		}
		for _, action := range []string{"registration.approved", "filing.submitted", "review.opened", "review.approved"} {
			es, _ := audit.Search(ctx, d, region.Scope{Code: "430000"}, audit.Filter{Action: action})
			if len(es) == 0 {
				t.Errorf("no audit entry %s", action)
			}
		}
		var notices int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE institution_id = ? AND kind = 'notice.filing_approved'", reg.InstitutionID).Scan(&notices)
		if notices != 1 {
			t.Errorf("%d approval notices", notices)
		}
		// A year and a day later the update is overdue.
		clk.Set(time.Date(2027, 3, 4, 2, 0, 0, 0, time.UTC))
		inst, _ = s.Registry.GetInstitution(ctx, hunan, reg.InstitutionID)
		if !inst.UpdateOverdue {
			t.Errorf("update not overdue on %s", calendar.DateOf(clk.Now()))
		}
	})
}
