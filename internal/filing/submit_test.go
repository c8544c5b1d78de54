package filing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/filing"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/policy"
	"evalcred/internal/registry/registrytest"
)

func TestSubmitListsEveryMissingField(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := filingtest.New(t, d, clock.NewFake(t0))
		instID, user := registrytest.NewApprovedInstitution(t, d, s.Clock, "430102")
		before := snapshot(t, d, instID)
		_, err := s.Filing.Submit(ctx, user, instID)
		e := apperr.As(err)
		want := map[string]string{
			"institution.established_on":     "field.required",
			"institution.address":            "field.required",
			"legal_representative.name":      "field.required",
			"legal_representative.id_number": "field.required",
			"legal_representative.phone":     "field.required",
			"lead_evaluators":                "field.required_one",
			"attachments.business_license":   "field.attachment_missing",
			"attachments.credit_pledge":      "field.attachment_missing",
		}
		if e.Code != apperr.Invalid {
			t.Fatalf("got %v", err)
		}
		for f, k := range want {
			if e.Fields[f] != k {
				t.Errorf("fields[%s] = %q, want %q", f, e.Fields[f], k)
			}
		}
		// Prefilled from the registration, so not missing.
		if _, ok := e.Fields["institution.name"]; ok {
			t.Error("institution.name reported missing")
		}
		if snapshot(t, d, instID) != before {
			t.Error("a refused submit changed the filing")
		}
	})
}

func TestSubmitConsistency(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		s := filingtest.New(t, d, clk)
		// Another institution whose approved filing has an active lead evaluator.
		otherID, otherUser := s.NewApprovedFiling(t, "430104")
		otherDraft, _ := s.Filing.GetDraft(ctx, otherUser, otherID)
		busyLead := otherDraft.LeadEvaluators[0]

		instID, user := registrytest.NewApprovedInstitution(t, d, clk, "430102")
		good := s.CompleteDocument(t, user, instID)
		otherAtt := s.Upload(t, otherUser, otherID, "other", "institution")
		cert := s.Upload(t, user, instID, "qualification_certificate", "lead_evaluators")
		cases := []struct {
			name, field, key string
			edit             func(d *filing.Document)
		}{
			{"lead not employee", "lead_evaluators[0].id_number", "field.lead_not_employee", func(d *filing.Document) { d.Practitioners = d.Practitioners[1:] }},
			{"same id two names", "lead_evaluators[0].name", "field.person_name_mismatch", func(d *filing.Document) { d.Practitioners[0].Name = "李四" }},
			{"listed twice", "practitioners[2].id_number", "field.person_duplicate", func(d *filing.Document) {
				d.Practitioners = append(d.Practitioners, d.Practitioners[1])
			}},
			{"lead elsewhere", "lead_evaluators[1].id_number", "field.lead_elsewhere", func(d *filing.Document) {
				d.LeadEvaluators = append(d.LeadEvaluators, busyLead)
				d.Practitioners = append(d.Practitioners, busyLead)
			}},
			{"kind differs from upload", "attachments[2].kind", "field.attachment_kind_mismatch", func(d *filing.Document) {
				d.Attachments = append(d.Attachments, filing.AttachmentRef{ID: cert, Kind: "business_license"})
			}},
			{"another institution's file", "attachments[2].id", "field.attachment_unknown", func(d *filing.Document) {
				d.Attachments = append(d.Attachments, filing.AttachmentRef{ID: otherAtt, Kind: "other"})
			}},
			{"missing person field", "practitioners[1].education", "field.required", func(d *filing.Document) { d.Practitioners[1].Education = "" }},
		}
		for _, c := range cases {
			doc := clone(good)
			c.edit(&doc)
			// Save without the check that would refuse it, then submit.
			if _, err := s.Filing.SaveDraft(ctx, user, instID, filing.Draft{Document: doc}); err != nil && c.field != "attachments[2].id" {
				t.Fatalf("%s: save: %v", c.name, err)
			}
			if c.field == "attachments[2].id" {
				_, err := s.Filing.SaveDraft(ctx, user, instID, filing.Draft{Document: doc})
				if apperr.As(err).Fields[c.field] != c.key {
					t.Errorf("%s: save got %v", c.name, err)
				}
				continue
			}
			before := snapshot(t, d, instID)
			_, err := s.Filing.Submit(ctx, user, instID)
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields[c.field] != c.key {
				t.Errorf("%s: got %v, want %s=%s", c.name, err, c.field, c.key)
			}
			if snapshot(t, d, instID) != before {
				t.Errorf("%s: refused submit changed the filing", c.name)
			}
		}
		// An ineligible type: the province narrows the eligible kinds.
		admin := registrytest.Official(t, d, clk, auth.RoleProvincialAdmin, "430000")
		if _, err := (&policy.Service{DB: d, Clock: clk}).Set(ctx, admin, policy.Input{Key: "filing.eligible_types", Value: json.RawMessage(`["accounting_firm"]`), EffectiveFrom: calendar.DateOf(clk.Now())}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Filing.SaveDraft(ctx, user, instID, filing.Draft{Document: good}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Filing.Submit(ctx, user, instID); apperr.As(err).Fields["institution.type"] != "field.type_ineligible" {
			t.Errorf("ineligible type: %v", err)
		}
		var versions int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM filing_versions WHERE institution_id = ?", instID).Scan(&versions)
		if versions != 0 {
			t.Errorf("%d versions after refused submits", versions)
		}
	})
}

// Two submits at once: one version, the other is refused.
func TestSubmitTwiceIsAConflict(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := filingtest.New(t, d, clock.NewFake(t0))
		instID, user := registrytest.NewApprovedInstitution(t, d, s.Clock, "430102")
		s.Submit(t, user, instID, s.CompleteDocument(t, user, instID))
		if _, err := s.Filing.Submit(ctx, user, instID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second submit: %v", err)
		}
		if _, err := s.Filing.Upload(ctx, user, instID, "other", "institution", "a.pdf", bytes.NewReader(filingtest.PDF("a"))); err != nil {
			t.Errorf("uploads stay possible under review: %v", err)
		}
	})
}
