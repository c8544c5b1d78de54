// Package filingtest wires the registry, filing and review services as the
// app does and builds complete, valid filings, for the tests of any package
// that needs an institution with an approved filing:
//
//	s := filingtest.New(t, d, clk)
//	instID, user := s.NewApprovedFiling(t, "430102")
//
// Everything goes through the real service methods, so the versions, tasks,
// person roles and audit entries are those production would write.
package filingtest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/filing"
	"evalcred/internal/ident"
	"evalcred/internal/policy"
	"evalcred/internal/publicquery"
	"evalcred/internal/registry"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/review"
)

// Services are the three services wired together.
type Services struct {
	DB       *db.DB
	Clock    clock.Clock
	Registry *registry.Service
	Filing   *filing.Service
	Review   *review.Service
}

// New wires the services on d and clk, storing files under t.TempDir().
func New(t testing.TB, d *db.DB, clk clock.Clock) *Services {
	t.Helper()
	files, err := filestore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return Wire(d, clk, files, t.TempDir())
}

// Wire connects the services the way the app must (services.New): filing's
// OnSubmit opens the level-1 review, and names are kept in the search index.
func Wire(d *db.DB, clk clock.Clock, files filestore.Store, tempDir string) *Services {
	n := registrytest.Notifier()
	s := &Services{DB: d, Clock: clk,
		Registry: &registry.Service{DB: d, Clock: clk, Notify: n, OnName: publicquery.IndexName},
		Filing:   &filing.Service{DB: d, Clock: clk, Files: files, Notify: n, TempDir: tempDir},
		Review:   &review.Service{DB: d, Clock: clk, Notify: n, OnName: publicquery.IndexGrams},
	}
	s.Filing.OnSubmit = s.Review.OpenLevel1
	return s
}

// PDF returns a small file that content sniffing takes for a PDF.
func PDF(note string) []byte {
	return []byte("%PDF-1.4\n% " + note + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

var seq atomic.Uint64

// Rand returns a generator unique to this call, for ID numbers that never
// collide across institutions of one test binary.
func Rand() *rand.Rand { return rand.New(rand.NewPCG(seq.Add(1), 0xf111)) }

// Person returns a practitioner with a valid, fresh ID number.
func Person(r *rand.Rand, name string) filing.Person {
	birth := time.Date(1965+r.IntN(30), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	return filing.Person{Name: name, IDNumber: ident.GenerateResidentID(r, "430102", birth), Education: "本科", Title: "高级会计师",
		Qualifications: []filing.Qualification{{Kind: "cpa", Number: fmt.Sprintf("4300%08d", r.IntN(1e8))}}, EmployedSince: "2015-03-01"}
}

// Upload stores a PDF of kind for section and returns its id.
func (s *Services) Upload(t testing.TB, user *auth.Actor, instID int64, kind, section string) int64 {
	t.Helper()
	a, err := s.Filing.Upload(context.Background(), user, instID, kind, section, kind+".pdf", bytes.NewReader(PDF(kind)))
	if err != nil {
		t.Fatalf("filingtest: upload %s: %v", kind, err)
	}
	return a.ID
}

// CompleteDocument returns a document that passes every submit check for
// the institution: it uploads the business licence and credit pledge and
// lists one lead evaluator who is also a practitioner.
func (s *Services) CompleteDocument(t testing.TB, user *auth.Actor, instID int64) filing.Document {
	t.Helper()
	d, err := s.Filing.GetDraft(context.Background(), user, instID)
	if err != nil {
		t.Fatalf("filingtest: draft: %v", err)
	}
	doc := d.Document
	r := Rand()
	lead, other := Person(r, "李主评"), Person(r, "王从业")
	doc.Institution.EstablishedOn = "2010-06-18"
	doc.Institution.Address = "长沙市芙蓉区五一大道1号"
	doc.LegalRepresentative = filing.LegalRepresentative{Name: "赵法人", IDNumber: Person(r, "赵法人").IDNumber, Phone: "0731-88886666"}
	doc.LeadEvaluators = []filing.Person{lead}
	doc.Practitioners = []filing.Person{lead, other}
	doc.BusinessRecords = []filing.BusinessRecord{{Client: "长沙市财政局", Year: 2024, Project: "2023年度部门整体支出绩效评价", AmountFen: 12000000, Role: "lead"}}
	doc.Attachments = []filing.AttachmentRef{
		{ID: s.Upload(t, user, instID, "business_license", "institution"), Kind: "business_license"},
		{ID: s.Upload(t, user, instID, "credit_pledge", "institution"), Kind: "credit_pledge"},
	}
	return doc
}

// Submit saves doc as the draft and submits it, returning the version.
func (s *Services) Submit(t testing.TB, user *auth.Actor, instID int64, doc filing.Document) int {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Filing.SaveDraft(ctx, user, instID, filing.Draft{Document: doc}); err != nil {
		t.Fatalf("filingtest: save: %v", err)
	}
	res, err := s.Filing.Submit(ctx, user, instID)
	if err != nil {
		t.Fatalf("filingtest: submit: %v", err)
	}
	return res.Version
}

// Reviewers returns a local reviewer of regionCode and a provincial
// reviewer of its province.
func (s *Services) Reviewers(t testing.TB, regionCode string) (local, provincial *auth.Actor) {
	t.Helper()
	return registrytest.Official(t, s.DB, s.Clock, auth.RoleLocalReviewer, regionCode),
		registrytest.Official(t, s.DB, s.Clock, auth.RoleProvincialReviewer, policy.ProvinceOf(regionCode))
}

// DecideOpen decides the open task of the institution at level with rev.
func (s *Services) DecideOpen(t testing.TB, rev *auth.Actor, instID int64, level int, d review.Decision) *review.Task {
	t.Helper()
	ctx := context.Background()
	open, err := s.Review.OpenTaskOf(ctx, rev, instID)
	if err != nil || open.Level != level {
		t.Fatalf("filingtest: no open level-%d task for %s: %v", level, rev.Username, err)
	}
	task, err := s.Review.Decide(ctx, rev, open.ID, d)
	if err != nil {
		t.Fatalf("filingtest: decide: %v", err)
	}
	return task
}

// NewSubmittedFiling registers and approves an institution in regionCode
// and submits a complete filing, which waits at level 1. It returns the
// institution's id, its user and the version.
func (s *Services) NewSubmittedFiling(t testing.TB, regionCode string) (int64, *auth.Actor, int) {
	t.Helper()
	instID, user := registrytest.NewApprovedInstitution(t, s.DB, s.Clock, regionCode)
	return instID, user, s.Submit(t, user, instID, s.CompleteDocument(t, user, instID))
}

// NewApprovedFiling registers and approves an institution in regionCode,
// files a complete filing and has it approved at both levels. It returns the
// institution's id and its user.
func (s *Services) NewApprovedFiling(t testing.TB, regionCode string) (int64, *auth.Actor) {
	t.Helper()
	instID, user, _ := s.NewSubmittedFiling(t, regionCode)
	local, prov := s.Reviewers(t, regionCode)
	s.DecideOpen(t, local, instID, 1, review.Decision{Decision: review.Approve})
	s.DecideOpen(t, prov, instID, 2, review.Decision{Decision: review.Approve})
	return instID, user
}
