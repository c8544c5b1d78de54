package review_test

import (
	"context"
	"strings"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filing"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/ident"
	"evalcred/internal/region"
	"evalcred/internal/registry"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/review"
)

// Approved v1 → changed v2 returned at level 2 with comments → v3 resubmitted;
// v3's diff is against v1, people matched by ID number.
func TestReturnResubmitAndDiff(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		instID, user := s.NewApprovedFiling(t, "430102")
		local, hunan := s.Reviewers(t, "430102")

		draft, _ := s.Filing.GetDraft(ctx, user, instID)
		doc := draft.Document
		lead, other := doc.Practitioners[0], doc.Practitioners[1]
		doc.Practitioners = []filing.Person{other, lead} // a reorder is not a change
		doc.Practitioners[0].Title = "注册会计师"
		newcomer := filingtest.Person(filingtest.Rand(), "孙新")
		doc.Practitioners = append(doc.Practitioners, newcomer)
		doc.Institution.Address = "长沙市芙蓉区韶山北路2号"
		if v := s.Submit(t, user, instID, doc); v != 2 {
			t.Fatalf("version %d", v)
		}
		s.DecideOpen(t, local, instID, 1, review.Decision{Decision: "approve"})
		// A return needs a comment, on a known section.
		var l2 int64
		_ = d.QueryRow(ctx, "SELECT id FROM review_tasks WHERE institution_id = ? AND level = 2 AND state = 'open'", instID).Scan(&l2)
		for _, bad := range []review.Decision{
			{Decision: "return"},
			{Decision: "return", Comments: map[string]string{"practitioners": "  "}},
			{Decision: "return", Comments: map[string]string{"hobbies": "x"}},
			{Decision: "maybe"},
		} {
			if _, err := s.Review.Decide(ctx, hunan, l2, bad); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		s.DecideOpen(t, hunan, instID, 2, review.Decision{Decision: "return", Comments: map[string]string{
			"practitioners": "请补充孙新的职称证书", "general": "其余无误"}})
		inst, _ := registry.Load(ctx, d, instID, clk.Now())
		if inst.FilingState != "returned" || inst.ApprovedVersion != 1 {
			t.Errorf("after return: %s approved v%d", inst.FilingState, inst.ApprovedVersion)
		}
		var body string
		_ = d.QueryRow(ctx, "SELECT args_json FROM notifications WHERE institution_id = ? AND kind = 'notice.filing_returned'", instID).Scan(&body)
		if !strings.Contains(body, "请补充孙新的职称证书") || !strings.Contains(body, "从业人员") {
			t.Errorf("return notice args %s", body)
		}
		// Dashboard-visible: returned, not yet resubmitted.
		dash, _ := s.Review.Dashboard(ctx, hunan)
		if dash.Total.ReturnedNotResubmitted != 1 {
			t.Errorf("returned count %d", dash.Total.ReturnedNotResubmitted)
		}
		// The returned content is still the draft; resubmitting makes version 3.
		res, err := s.Filing.Submit(ctx, user, instID)
		if err != nil || res.Version != 3 {
			t.Fatalf("resubmit: %v %+v", err, res)
		}
		diff, err := s.Filing.Diff(ctx, local, instID, 3)
		if err != nil {
			t.Fatal(err)
		}
		if diff.BaseVersion != 1 || diff.IDsMasked {
			t.Errorf("base %d masked %v", diff.BaseVersion, diff.IDsMasked)
		}
		got := map[string]filing.Change{}
		for _, c := range diff.Changes {
			got[c.Path] = c
		}
		title := "practitioners[id_number=" + other.IDNumber + "].title"
		if c := got[title]; c.Change != "changed" || c.Before != other.Title || c.After != "注册会计师" {
			t.Errorf("title change %+v", c)
		}
		if c := got["institution.address"]; c.Change != "changed" {
			t.Errorf("address change %+v", c)
		}
		if c := got["practitioners[id_number="+newcomer.IDNumber+"].name"]; c.Change != "added" || c.After != "孙新" {
			t.Errorf("newcomer %+v", c)
		}
		if len(diff.Changes) != 2+len(flat(newcomer)) { // title, address and the newcomer's fields
			t.Errorf("%d changes: %+v", len(diff.Changes), diff.Changes)
		}
		// Full ID numbers shown to a reviewer are recorded; the log holds them masked.
		es, _ := audit.Search(ctx, d, region.Scope{Code: "430000"}, audit.Filter{Action: "person.id_viewed"})
		if len(es) == 0 || strings.Contains(string(es[0].After), lead.IDNumber) || !strings.Contains(string(es[0].After), ident.MaskResidentID(lead.IDNumber)) {
			t.Errorf("id_viewed entries %+v", es)
		}
		// The ministry sees the diff masked, in paths and values.
		mof := registrytest.Official(t, d, clk, auth.RoleMinistry, "000000")
		md, err := s.Filing.Diff(ctx, mof, instID, 3)
		if err != nil || !md.IDsMasked {
			t.Fatalf("ministry diff: %v", err)
		}
		for _, c := range md.Changes {
			if strings.Contains(c.Path, newcomer.IDNumber) || c.After == newcomer.IDNumber {
				t.Errorf("unmasked ID in %+v", c)
			}
		}
		v, _ := s.Filing.GetVersion(ctx, mof, instID, 3)
		if v.Document.LegalRepresentative.IDNumber != ident.MaskResidentID(doc.LegalRepresentative.IDNumber) {
			t.Errorf("ministry sees %s", v.Document.LegalRepresentative.IDNumber)
		}
		// Version 1 has no approved predecessor: everything is added.
		d1, _ := s.Filing.Diff(ctx, local, instID, 1)
		for _, c := range d1.Changes {
			if c.Change != "added" {
				t.Errorf("v1 change %+v", c)
			}
		}
		vs, _ := s.Filing.ListVersions(ctx, user, instID)
		if len(vs) != 3 || vs[0].State != "level1" || vs[1].State != "returned" || vs[2].State != "approved" {
			t.Errorf("versions %+v", vs)
		}
	})
}

// flat counts the non-empty leaves of a person, as the diff does.
func flat(p filing.Person) []string {
	out := []string{p.Name, p.IDNumber, p.Education, p.Title, p.EmployedSince}
	for range p.Qualifications {
		out = append(out, "kind", "number")
	}
	return out
}

// A Zhuzhou reviewer sees nothing of a Changsha institution's filing and tasks.
func TestScope(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		instID, user := registrytest.NewApprovedInstitution(t, d, clk, "430102")
		doc := s.CompleteDocument(t, user, instID)
		s.Submit(t, user, instID, doc)
		zhuzhou := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430200")
		var taskID int64
		_ = d.QueryRow(ctx, "SELECT id FROM review_tasks WHERE institution_id = ?", instID).Scan(&taskID)
		checks := map[string]error{}
		_, checks["versions"] = s.Filing.ListVersions(ctx, zhuzhou, instID)
		_, checks["version"] = s.Filing.GetVersion(ctx, zhuzhou, instID, 1)
		_, checks["diff"] = s.Filing.Diff(ctx, zhuzhou, instID, 1)
		_, _, checks["attachment"] = s.Filing.OpenAttachment(ctx, zhuzhou, doc.Attachments[0].ID)
		_, checks["task"] = s.Review.GetTask(ctx, zhuzhou, taskID)
		_, checks["decide"] = s.Review.Decide(ctx, zhuzhou, taskID, review.Decision{Decision: "approve"})
		_, checks["institution"] = s.Registry.GetInstitution(ctx, zhuzhou, instID)
		for what, err := range checks {
			if !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s: %v, want not found", what, err)
			}
		}
		if q, err := s.Review.Queue(ctx, zhuzhou, review.Filter{}, registry.Page{}); err != nil || q.Total != 0 {
			t.Errorf("queue: %v %+v", err, q)
		}
		if _, err := s.Review.Queue(ctx, user, review.Filter{}, registry.Page{}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("institution queue: %v", err)
		}
		// The task was not touched by the refused decision.
		var state string
		_ = d.QueryRow(ctx, "SELECT state FROM review_tasks WHERE id = ?", taskID).Scan(&state)
		if state != "open" {
			t.Errorf("task %s", state)
		}
	})
}
