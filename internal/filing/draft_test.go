package filing_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/filing"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/registry/registrytest"
)

var t0 = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

// snapshot is the stored draft and filing state, to prove a refused save
// changed nothing.
func snapshot(t *testing.T, d *db.DB, instID int64) string {
	t.Helper()
	var doc, state string
	var rev, versions int
	err := d.QueryRow(context.Background(), `SELECT COALESCE((SELECT doc_json FROM filing_drafts WHERE institution_id = ?), ''),
		COALESCE((SELECT revision FROM filing_drafts WHERE institution_id = ?), 0), (SELECT filing_state FROM institutions WHERE id = ?),
		(SELECT COUNT(*) FROM filing_versions WHERE institution_id = ?)`, instID, instID, instID, instID).Scan(&doc, &rev, &state, &versions)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d %s %d %s", rev, state, versions, doc)
}

func TestSaveDraftRefusesInvalidValues(t *testing.T) {
	type edit func(d *filing.Document)
	cases := []struct {
		name, field, key string
		edit             edit
	}{
		{"lead id checksum", "lead_evaluators[0].id_number", "field.id_number_checksum", func(d *filing.Document) {
			id := d.LeadEvaluators[0].IDNumber
			d.LeadEvaluators[0].IDNumber = id[:17] + map[bool]string{true: "1", false: "0"}[id[17] == '0']
		}},
		{"practitioner birth date", "practitioners[1].id_number", "field.id_number_birthdate", func(d *filing.Document) {
			id := []byte(d.Practitioners[1].IDNumber)
			copy(id[6:14], "20991301")
			d.Practitioners[1].IDNumber = string(id)
		}},
		{"legal rep short id", "legal_representative.id_number", "field.id_number_length", func(d *filing.Document) { d.LegalRepresentative.IDNumber = "4301021990" }},
		{"branch uscc", "branches[0].uscc", "field.uscc_length", func(d *filing.Document) {
			d.Branches = []filing.Branch{{Name: "分所", USCC: "123"}}
		}},
		{"branch with legal personality", "branches[0].has_legal_personality", "field.branch_files_itself", func(d *filing.Document) {
			d.Branches = []filing.Branch{{Name: "子公司", HasLegalPersonality: true}}
		}},
		{"established date", "institution.established_on", "field.date", func(d *filing.Document) { d.Institution.EstablishedOn = "2010-02-30" }},
		{"future date", "practitioners[0].employed_since", "field.date_range", func(d *filing.Document) { d.Practitioners[0].EmployedSince = "2030-01-01" }},
		{"region", "institution.region_code", "field.region_code", func(d *filing.Document) { d.Institution.RegionCode = "999999" }},
		{"negative amount", "business_records[0].amount_fen", "field.amount_negative", func(d *filing.Document) { d.BusinessRecords[0].AmountFen = -1 }},
		{"project role", "business_records[0].role", "field.project_role", func(d *filing.Document) { d.BusinessRecords[0].Role = "boss" }},
		{"foreign attachment", "attachments[1].id", "field.attachment_unknown", func(d *filing.Document) { d.Attachments[1].ID = 999999 }},
		{"report attachment", "business_records[0].report_attachment_id", "field.attachment_unknown", func(d *filing.Document) { d.BusinessRecords[0].ReportAttachmentID = 424242 }},
		{"qualification kind", "lead_evaluators[0].qualifications[0].kind", "field.qualification_kind", func(d *filing.Document) {
			d.LeadEvaluators[0].Qualifications[0].Kind = "wizard"
		}},
		{"email", "institution.contact_email", "field.email", func(d *filing.Document) { d.Institution.ContactEmail = "x@" }},
		{"type", "institution.type", "field.institution_type", func(d *filing.Document) { d.Institution.Type = "bank" }},
	}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := filingtest.New(t, d, clock.NewFake(t0))
		instID, user := registrytest.NewApprovedInstitution(t, d, s.Clock, "430102")
		good := s.CompleteDocument(t, user, instID)
		if _, err := s.Filing.SaveDraft(ctx, user, instID, filing.Draft{Document: good}); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, d, instID)
		for _, c := range cases {
			doc := clone(good)
			c.edit(&doc)
			_, err := s.Filing.SaveDraft(ctx, user, instID, filing.Draft{Document: doc})
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields[c.field] != c.key {
				t.Errorf("%s: got %v, want %s=%s", c.name, err, c.field, c.key)
			}
		}
		if after := snapshot(t, d, instID); after != before {
			t.Errorf("refused saves changed the draft:\n%s\n%s", before, after)
		}
		// Missing values are fine in a draft.
		if _, err := s.Filing.SaveDraft(ctx, user, instID, filing.Draft{}); err != nil {
			t.Errorf("empty draft: %v", err)
		}
	})
}

func clone(d filing.Document) filing.Document {
	c := d
	c.LeadEvaluators = append([]filing.Person(nil), d.LeadEvaluators...)
	c.Practitioners = append([]filing.Person(nil), d.Practitioners...)
	for i := range c.LeadEvaluators {
		c.LeadEvaluators[i].Qualifications = append([]filing.Qualification(nil), d.LeadEvaluators[i].Qualifications...)
	}
	c.BusinessRecords = append([]filing.BusinessRecord(nil), d.BusinessRecords...)
	c.Attachments = append([]filing.AttachmentRef(nil), d.Attachments...)
	c.Branches = append([]filing.Branch(nil), d.Branches...)
	return c
}

func TestSaveDraftRevisions(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := filingtest.New(t, d, clock.NewFake(t0))
		instID, user := registrytest.NewApprovedInstitution(t, d, s.Clock, "430102")
		loaded, _ := s.Filing.GetDraft(ctx, user, instID)
		// Two people load revision 0 / 1 and save in turn: the second is refused.
		a := *loaded
		a.Institution.Address = "地址甲"
		first, err := s.Filing.SaveDraft(ctx, user, instID, a)
		if err != nil || first.Revision != 1 {
			t.Fatalf("first save: %v %+v", err, first)
		}
		b := *first
		b.Institution.Address = "地址乙"
		if _, err := s.Filing.SaveDraft(ctx, user, instID, b); err != nil {
			t.Fatal(err)
		}
		stale := *first // still revision 1
		stale.Institution.Address = "地址丙"
		before := snapshot(t, d, instID)
		if _, err := s.Filing.SaveDraft(ctx, user, instID, stale); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("stale save: %v", err)
		}
		if snapshot(t, d, instID) != before {
			t.Error("stale save changed the draft")
		}
		// Without a revision the last writer wins.
		stale.Revision = 0
		got, err := s.Filing.SaveDraft(ctx, user, instID, stale)
		if err != nil || got.Revision != 3 || got.Institution.Address != "地址丙" {
			t.Errorf("unconditional save: %v %+v", err, got)
		}
	})
}

func TestDraftAccess(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := filingtest.New(t, d, clock.NewFake(t0))
		instID, _ := registrytest.NewApprovedInstitution(t, d, s.Clock, "430102")
		_, other := registrytest.NewApprovedInstitution(t, d, s.Clock, "430102")
		if _, err := s.Filing.GetDraft(ctx, other, instID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other institution: %v", err)
		}
		furong := registrytest.Official(t, d, s.Clock, auth.RoleLocalReviewer, "430102")
		if _, err := s.Filing.SaveDraft(ctx, furong, instID, filing.Draft{}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("reviewer edits: %v", err)
		}
		if _, err := s.Filing.Upload(ctx, other, instID, "other", "institution", "a.pdf", bytes.NewReader(filingtest.PDF("x"))); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("upload to another institution: %v", err)
		}
	})
}

func TestNormalisesIdentifiers(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := filingtest.New(t, d, clock.NewFake(t0))
		instID, user := registrytest.NewApprovedInstitution(t, d, s.Clock, "430102")
		p := filingtest.Person(filingtest.Rand(), "钱")
		in := filing.Draft{}
		in.Practitioners = []filing.Person{{Name: " 钱 ", IDNumber: " " + strings.ToLower(p.IDNumber) + " "}}
		got, err := s.Filing.SaveDraft(ctx, user, instID, in)
		if err != nil || got.Practitioners[0].IDNumber != p.IDNumber || got.Practitioners[0].Name != "钱" || got.Experts == nil {
			t.Errorf("%v %+v", err, got)
		}
	})
}
