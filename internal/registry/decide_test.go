package registry_test

import (
	"context"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/region"
	"evalcred/internal/registry"
	"evalcred/internal/registry/registrytest"
)

func TestApproveRegistrationCreatesTheAccount(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		s := registrytest.Service(d, clk)
		in := registrytest.Input("430102")
		res, err := s.Register(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		furong := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430102")
		list, err := s.ListRegistrations(ctx, furong, "pending", registry.Page{})
		if err != nil || len(list) != 1 || list[0].ID != res.ID || list[0].Username != in.Username {
			t.Fatalf("pending list: %v %+v", err, list)
		}
		if got := list[0].Actions; len(got) != 2 || !got.Has("approve") || !got.Has("reject") {
			t.Errorf("actions on a pending registration: %v", got)
		}
		r, err := s.ApproveRegistration(ctx, furong, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != "approved" || r.DecidedAt == nil || r.Actions == nil || len(r.Actions) != 0 {
			t.Errorf("approved registration %+v", r)
		}
		inst, err := s.GetInstitution(ctx, furong, res.InstitutionID)
		if err != nil || inst.Status != "active" {
			t.Fatalf("institution %v %+v", err, inst)
		}
		// The applicant logs in with the password chosen at registration.
		as := &auth.Service{DB: d, Clock: clk}
		_, _, u, err := as.Login(ctx, in.Username, in.Password, "", auth.KindBearer)
		if err != nil {
			t.Fatalf("login: %v", err)
		}
		if u.InstitutionID != res.InstitutionID || u.Role != auth.RoleInstitution || u.RegionCode != "430102" {
			t.Errorf("user %+v", u)
		}
		// The institution user sees its own institution and nobody else's.
		if _, err := s.GetInstitution(ctx, u.Actor(), res.InstitutionID); err != nil {
			t.Errorf("own institution: %v", err)
		}
		other, _ := registrytest.NewApprovedInstitution(t, d, clk, "430102")
		if _, err := s.GetInstitution(ctx, u.Actor(), other); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other institution: %v", err)
		}
		es, _ := audit.Search(ctx, d, region.Scope{Code: "430000"}, audit.Filter{Action: "registration.approved"})
		if len(es) != 2 || es[len(es)-1].ActorName != furong.Username {
			t.Errorf("audit entries %+v", es)
		}
		var mails int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE to_addr = ?", in.ContactEmail).Scan(&mails)
		if mails != 1 {
			t.Errorf("%d mails to the contact, want 1", mails)
		}
		// Deciding again is a conflict.
		if _, err := s.RejectRegistration(ctx, furong, res.ID, "late"); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second decision: %v", err)
		}
	})
}

func TestRejectRegistration(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		s := registrytest.Service(d, clk)
		in := registrytest.Input("430102")
		res, _ := s.Register(ctx, in)
		changsha := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430100")
		if _, err := s.RejectRegistration(ctx, changsha, res.ID, " "); apperr.As(err).Fields["reason"] != "field.required" {
			t.Fatalf("empty reason: %v", err)
		}
		if _, err := s.RejectRegistration(ctx, changsha, res.ID, "营业执照信息不符"); err != nil {
			t.Fatal(err)
		}
		var status string
		var users, mails int
		_ = d.QueryRow(ctx, "SELECT status FROM institutions WHERE id = ?", res.InstitutionID).Scan(&status)
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE username = ?", in.Username).Scan(&users)
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND body LIKE ?", in.ContactEmail, "%营业执照信息不符%").Scan(&mails)
		if status != "rejected" || users != 0 || mails != 1 {
			t.Errorf("status %s, %d users, %d mails", status, users, mails)
		}
		// A rejected applicant may correct and apply again with the same USCC.
		again, err := s.Register(ctx, in)
		if err != nil || again.InstitutionID != res.InstitutionID || again.ID == res.ID {
			t.Fatalf("re-registration: %v %+v", err, again)
		}
	})
}

// A Zhuzhou reviewer cannot see, approve or list a Changsha registration.
func TestRegistrationScope(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		s := registrytest.Service(d, clk)
		res := registrytest.Register(t, d, clk, "430102")
		zhuzhou := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430200")
		if _, err := s.GetRegistration(ctx, zhuzhou, res.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("get: %v", err)
		}
		if _, err := s.ApproveRegistration(ctx, zhuzhou, res.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("approve: %v", err)
		}
		if list, err := s.ListRegistrations(ctx, zhuzhou, "", registry.Page{}); err != nil || len(list) != 0 {
			t.Errorf("list: %v %d", err, len(list))
		}
		if _, err := s.GetInstitution(ctx, zhuzhou, res.InstitutionID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("institution: %v", err)
		}
		if l, err := s.ListInstitutions(ctx, zhuzhou, registry.Filter{}, registry.Page{}); err != nil || l.Total != 0 {
			t.Errorf("institutions: %v %+v", err, l)
		}
		hunan := registrytest.Official(t, d, clk, auth.RoleProvincialReviewer, "430000")
		if l, err := s.ListInstitutions(ctx, hunan, registry.Filter{Q: "测试评价"}, registry.Page{}); err != nil || l.Total != 1 {
			t.Errorf("province list: %v %+v", err, l)
		}
		inst := registrytest.Official(t, d, clk, auth.RoleExpert, "430102")
		if _, err := s.ListRegistrations(ctx, inst, "", registry.Page{}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("expert: %v", err)
		}
	})
}

// Two reviewers deciding one registration at once: exactly one wins.
func TestConcurrentDecisions(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		s := registrytest.Service(d, clk)
		res := registrytest.Register(t, d, clk, "430102")
		a := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430102")
		b := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430100")
		dbtest.OneWins(t,
			func() error { _, err := s.ApproveRegistration(ctx, a, res.ID); return err },
			func() error { _, err := s.RejectRegistration(ctx, b, res.ID, "重复"); return err })
	})
}
