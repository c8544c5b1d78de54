package httpapi_test

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/filing"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/ident"
)

var regSeq atomic.Int64

// registration returns a valid registration body for region with a fresh
// USCC, name and username.
func registration(region string) map[string]any {
	n := regSeq.Add(1)
	return map[string]any{"uscc": usccFor(n, region), "name": fmt.Sprintf("湖南星辰绩效评价咨询有限公司%d", n), "type": "consulting",
		"region_code": region, "contact_name": "周联系", "contact_phone": "0731-88886666",
		"contact_email": fmt.Sprintf("c%d@firm.example.cn", n), "username": fmt.Sprintf("firm%d", n), "password": "firm-pass-1"}
}

// registerApproved registers an institution through the API, has reviewer
// approve it, and returns its id and the new user's token.
func registerApproved(t *testing.T, e *apptest.Env, region, reviewer string) (int64, string) {
	t.Helper()
	in := registration(region)
	var reg struct {
		ID    int64
		State string
	}
	if st := e.JSON("POST", "/api/v1/registrations", "", in, &reg); st != 201 || reg.State != "pending" {
		t.Fatalf("register: %d %+v", st, reg)
	}
	var approved struct {
		InstitutionID int64 `json:"institution_id"`
		State         string
	}
	if st := e.JSON("POST", fmt.Sprintf("/api/v1/registrations/%d/approve", reg.ID), e.Login(reviewer), nil, &approved); st != 200 || approved.State != "approved" {
		t.Fatalf("approve registration: %d %+v", st, approved)
	}
	tok := e.Login(in["username"].(string), "firm-pass-1")
	var me struct {
		InstitutionID int64 `json:"institution_id"`
	}
	if st := e.JSON("GET", "/api/v1/me", tok, nil, &me); st != 200 || me.InstitutionID != approved.InstitutionID {
		t.Fatalf("me: %d institution %d, want %d", st, me.InstitutionID, approved.InstitutionID)
	}
	return approved.InstitutionID, tok
}

// upload posts a small PDF as kind for section and returns its id.
func upload(t *testing.T, e *apptest.Env, tok string, instID int64, kind, section string) int64 {
	t.Helper()
	r := e.Upload(fmt.Sprintf("/api/v1/institutions/%d/attachments", instID), tok, kind+".pdf", filingtest.PDF(kind), map[string]string{"kind": kind, "section": section})
	if r.Status != 201 {
		t.Fatalf("upload %s: %d %s", kind, r.Status, r.Body)
	}
	m := r.Map()
	if m["sha256"] == "" || m["content_type"] != "application/pdf" || m["size"] == nil {
		t.Fatalf("upload answer %v", m)
	}
	return int64(m["id"].(float64))
}

// fillFiling reads the draft, completes it (with uploads) and saves it.
func fillFiling(t *testing.T, e *apptest.Env, tok string, instID int64) filing.Draft {
	t.Helper()
	var d filing.Draft
	path := fmt.Sprintf("/api/v1/institutions/%d/filing", instID)
	if st := e.JSON("GET", path, tok, nil, &d); st != 200 {
		t.Fatalf("get draft: %d", st)
	}
	r := filingtest.Rand()
	lead, other := filingtest.Person(r, "李主评"), filingtest.Person(r, "王从业")
	d.Institution.EstablishedOn = "2012-05-20"
	d.Institution.Address = "长沙市芙蓉区五一大道100号"
	d.LegalRepresentative = filing.LegalRepresentative{Name: "赵法人", IDNumber: filingtest.Person(r, "赵法人").IDNumber, Phone: "0731-88880000"}
	d.LeadEvaluators = []filing.Person{lead}
	d.Practitioners = []filing.Person{lead, other}
	d.BusinessRecords = []filing.BusinessRecord{{Client: "长沙市财政局", Year: 2025, Project: "2024年度部门整体支出绩效评价", AmountFen: 9800000, Role: "lead"}}
	d.Attachments = []filing.AttachmentRef{
		{ID: upload(t, e, tok, instID, "business_license", "institution"), Kind: "business_license"},
		{ID: upload(t, e, tok, instID, "credit_pledge", "institution"), Kind: "credit_pledge"},
	}
	var saved filing.Draft
	if st := e.JSON("PUT", path, tok, d, &saved); st != 200 || saved.Revision != d.Revision+1 {
		t.Fatalf("save draft: %d revision %d", st, saved.Revision)
	}
	return saved
}

// submit submits the filing and returns the version.
func submit(t *testing.T, e *apptest.Env, tok string, instID int64) int {
	t.Helper()
	var res struct {
		Version int
		State   string
	}
	if st := e.JSON("POST", fmt.Sprintf("/api/v1/institutions/%d/filing/submit", instID), tok, nil, &res); st != 200 || res.State != "level1" {
		t.Fatalf("submit: %d %+v", st, res)
	}
	return res.Version
}

// submitted registers an institution in region, approved by reviewer,
// fills its filing and submits it: a filing waiting for its level-1 review.
// It returns the institution and its user's token.
func submitted(t *testing.T, e *apptest.Env, region, reviewer string) (int64, string) {
	t.Helper()
	instID, tok := registerApproved(t, e, region, reviewer)
	fillFiling(t, e, tok, instID)
	submit(t, e, tok, instID)
	return instID, tok
}

// openTask returns the id of the open task of instID in reviewer's queue.
func openTask(t *testing.T, e *apptest.Env, reviewer string, instID int64) int64 {
	t.Helper()
	var q struct {
		Items []struct {
			ID            int64  `json:"id"`
			InstitutionID int64  `json:"institution_id"`
			Version       int    `json:"version"`
			Level         int    `json:"level"`
			DueAt         string `json:"due_at"`
		}
	}
	if st := e.JSON("GET", "/api/v1/reviews?state=open&limit=500", e.Login(reviewer), nil, &q); st != 200 {
		t.Fatalf("queue of %s: %d", reviewer, st)
	}
	for _, it := range q.Items {
		if it.InstitutionID == instID {
			if it.DueAt == "" || it.Version == 0 || it.Level == 0 {
				t.Errorf("task lacks fields: %+v", it)
			}
			return it.ID
		}
	}
	t.Fatalf("%s has no open task for institution %d", reviewer, instID)
	return 0
}

// decide posts a decision and returns the status.
func decide(e *apptest.Env, reviewer string, task int64, decision string, comments map[string]string) *apptest.Response {
	return e.Call("POST", fmt.Sprintf("/api/v1/reviews/%d/decision", task), e.Login(reviewer), map[string]any{"decision": decision, "comments": comments})
}

// usccFor returns a valid USCC for region, distinct for each n.
func usccFor(n int64, region string) string {
	return ident.GenerateUSCC(rand.New(rand.NewPCG(uint64(n), 0x2026)), region)
}
