// Package registrydemo loads the demo institutions: about forty firms across
// Hunan's cities in every state of registration, filing and review, created
// through the real registry, filing and review services so that their audit
// log, tasks, notices and person roles exist like in a real database. It is
// deterministic for a given random source and clock.
package registrydemo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/filing"
	"evalcred/internal/ident"
	"evalcred/internal/locale"
	"evalcred/internal/notify"
	"evalcred/internal/registry"
	"evalcred/internal/review"
)

// Password is the password of the demo accounts created here.
const Password = "demo12345"

// AgencyUsername is the institution login the README lists: a user of
// 湖南天平会计师事务所有限公司 in 430102, whose filing is approved.
const AgencyUsername = "agency"

// The target state of a demo institution.
const (
	statePending  = "pending"  // registration waiting
	stateActive   = "active"   // registered, nothing filed
	stateDraft    = "draft"    // a draft saved
	stateLevel1   = "level1"   // at level-1 review
	stateLevel2   = "level2"   // at level-2 review
	stateReturned = "returned" // returned with comments
	stateApproved = "approved" // filing approved
	stateUpdating = "updating" // approved, new version at level 1
)

type firm struct {
	name, typ, region, state string
	username                 string
	fresh                    bool // submitted recently: not yet overdue
}

// SeedDemo creates the demo institutions (and any demo official it needs
// that does not exist yet). files stores the demo attachments. It does
// nothing when the agency login already exists, so it is safe to run twice.
func SeedDemo(ctx context.Context, d *db.DB, clk clock.Clock, r *rand.Rand, files filestore.Store) error {
	if taken, err := auth.UsernameTaken(ctx, d, AgencyUsername); err != nil || taken {
		return err
	}
	now := clk.Now()
	// The demo happens over the last ninety days on a clock of its own, so
	// that deadlines, overdue tasks and decision times look lived-in.
	sc := clock.NewFake(now.Add(-90 * 24 * time.Hour))
	n := &notify.Notifier{T: locale.T}
	sd := &seeder{ctx: ctx, d: d, clk: sc, r: r,
		reg: &registry.Service{DB: d, Clock: sc, Notify: n},
		fil: &filing.Service{DB: d, Clock: sc, Files: files, Notify: n},
		rev: &review.Service{DB: d, Clock: sc, Notify: n},
	}
	sd.fil.OnSubmit = sd.rev.OpenLevel1
	if err := sd.officials(); err != nil {
		return err
	}
	firms := demoFirms()
	for i, f := range firms {
		start := now.Add(-time.Duration(len(firms)-i) * 50 * time.Hour)
		step := 20 * time.Hour
		if f.fresh {
			start, step = now.Add(-20*time.Hour), 2*time.Hour
		}
		sc.Set(start)
		if err := sd.firm(f, step); err != nil {
			return fmt.Errorf("registrydemo: %s: %w", f.name, err)
		}
	}
	return nil
}

type seeder struct {
	ctx context.Context
	d   *db.DB
	clk *clock.Fake
	r   *rand.Rand
	reg *registry.Service
	fil *filing.Service
	rev *review.Service
}

// firm takes one institution through its life up to its target state.
func (s *seeder) firm(f firm, step time.Duration) error {
	ctx := s.ctx
	username := f.username
	in := registry.RegistrationInput{USCC: demoUSCC(s.r, f.region, f.typ), Name: f.name, Type: f.typ, RegionCode: f.region,
		ContactName: personName(s.r), ContactPhone: fmt.Sprintf("0731-8%07d", s.r.IntN(1e7)),
		ContactEmail: username + "@demo.evalcred.invalid", Username: username, Password: Password}
	res, err := s.reg.Register(ctx, in)
	if err != nil {
		return err
	}
	if f.state == statePending {
		return nil
	}
	s.clk.Advance(step / 4)
	if _, err := s.reg.ApproveRegistration(ctx, s.official(reviewerOf(f.region)), res.ID); err != nil {
		return err
	}
	if f.state == stateActive {
		return nil
	}
	us, err := auth.UsersOfInstitution(ctx, s.d, res.InstitutionID)
	if err != nil || len(us) == 0 {
		return fmt.Errorf("no user: %w", err)
	}
	user := us[0].Actor()
	s.clk.Advance(step)
	draft, err := s.fil.GetDraft(ctx, user, res.InstitutionID)
	if err != nil {
		return err
	}
	year := calendar.DateOf(s.clk.Now()).Y
	doc := document(s.r, draft.Document, f.region, regionAddress(f.region, s.r), year)
	for _, k := range []string{"business_license", "credit_pledge"} {
		a, err := s.fil.Upload(ctx, user, res.InstitutionID, k, "institution", k+".pdf", bytes.NewReader(demoPDF(f.name, k)))
		if err != nil {
			return err
		}
		doc.Attachments = append(doc.Attachments, filing.AttachmentRef{ID: a.ID, Kind: k})
	}
	if f.state == stateDraft {
		doc.LeadEvaluators = nil // half done: not yet submittable
	}
	if _, err := s.fil.SaveDraft(ctx, user, res.InstitutionID, filing.Draft{Document: doc}); err != nil || f.state == stateDraft {
		return err
	}
	s.clk.Advance(step / 2)
	if _, err := s.fil.Submit(ctx, user, res.InstitutionID); err != nil || f.state == stateLevel1 {
		return err
	}
	s.clk.Advance(step)
	if f.state == stateReturned && s.r.IntN(2) == 0 {
		return s.decide(res.InstitutionID, 1, reviewerOf(f.region), review.Decision{Decision: review.Return, Comments: map[string]string{
			"lead_evaluators": "主评人资格证书编号与证书扫描件不一致，请核对", "attachments": "请上传加盖公章的信用承诺书"}})
	}
	if err := s.decide(res.InstitutionID, 1, reviewerOf(f.region), review.Decision{Decision: review.Approve}); err != nil || f.state == stateLevel2 {
		return err
	}
	s.clk.Advance(step)
	if f.state == stateReturned {
		return s.decide(res.InstitutionID, 2, "hunan", review.Decision{Decision: review.Return, Comments: map[string]string{
			"business_records": "业务记录缺少评价报告，请补充", "general": "其余内容无误"}})
	}
	if err := s.decide(res.InstitutionID, 2, "hunan", review.Decision{Decision: review.Approve}); err != nil || f.state == stateApproved {
		return err
	}
	// Updating: an approved firm files a change (a new practitioner).
	s.clk.Advance(step)
	doc.Practitioners = append(doc.Practitioners, person(s.r, f.region))
	if _, err := s.fil.SaveDraft(ctx, user, res.InstitutionID, filing.Draft{Document: doc}); err != nil {
		return err
	}
	_, err = s.fil.Submit(ctx, user, res.InstitutionID)
	return err
}

// decide decides the open task of level of an institution as the named official.
func (s *seeder) decide(instID int64, level int, username string, dec review.Decision) error {
	a := s.official(username)
	t, err := s.rev.OpenTaskOf(s.ctx, a, instID)
	if err != nil || t.Level != level {
		return fmt.Errorf("open level-%d task for %s: %w", level, username, err)
	}
	_, err = s.rev.Decide(s.ctx, a, t.ID, dec)
	return err
}

func demoPDF(name, kind string) []byte {
	return []byte(fmt.Sprintf("%%PDF-1.4\n%% EvalCred demo: %s %s\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n", name, kind))
}

// demoUSCC gives a firm the registration authority and organisation type its
// kind really carries: firms and consultancies are enterprises registered
// with market regulation (91), law firms are registered with the justice
// administration (31), institutes and universities are public institutions
// (12).
func demoUSCC(r *rand.Rand, division, typ string) string {
	switch typ {
	case "law_firm":
		return ident.GenerateUSCCAs(r, division, '3', '1')
	case "research_institute", "university":
		return ident.GenerateUSCCAs(r, division, '1', '2')
	}
	return ident.GenerateUSCCAs(r, division, '9', '1')
}
