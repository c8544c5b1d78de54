// Package filing holds an institution's filing (信息填报): the draft its users
// edit, the immutable numbered versions they submit for the two-level review,
// the supporting documents they upload, and what changed between versions.
// The review part drives a submitted version's state through the exported
// transaction-level functions (Advance); filing itself never imports review,
// it calls Service.OnSubmit, which the app wires to the review service.
package filing

import (
	"slices"
	"strings"

	"evalcred/internal/ident"
)

// Sections are the parts of a filing, in the order screens and diffs show
// them; review comments are keyed by them.
var Sections = []string{"institution", "legal_representative", "lead_evaluators", "practitioners", "experts", "branches", "business_records", "attachments"}

// AttachmentKinds are the declared kinds of supporting document.
var AttachmentKinds = []string{"business_license", "qualification_certificate", "credit_pledge", "other"}

// kindSections says which sections a kind of document may support: a
// business licence supports the institution's own information, a
// certificate the people holding it.
var kindSections = map[string][]string{
	"business_license":          {"institution"},
	"credit_pledge":             {"institution"},
	"qualification_certificate": {"institution", "legal_representative", "lead_evaluators", "practitioners", "experts"},
	"other":                     Sections,
}

// KindFitsSection reports whether a document of kind may support section.
func KindFitsSection(kind, section string) bool { return slices.Contains(kindSections[kind], section) }

// QualificationKinds are the professional qualifications a person may list.
var QualificationKinds = []string{"cpa", "asset_appraiser", "lawyer", "tax_agent", "cost_engineer", "auditor", "senior_title", "other"}

// Document is a filing's content, exactly the JSON of the filing endpoints
// (FilingDocument in internal/httpapi/openapi/21-filing.json). Dates are kept
// as the strings people typed so that a bad one is reported against its
// field (422) instead of failing the whole request.
type Document struct {
	Institution         InstitutionInfo     `json:"institution"`
	LegalRepresentative LegalRepresentative `json:"legal_representative"`
	LeadEvaluators      []Person            `json:"lead_evaluators"`
	Practitioners       []Person            `json:"practitioners"`
	Experts             []Expert            `json:"experts"`
	Branches            []Branch            `json:"branches"`
	BusinessRecords     []BusinessRecord    `json:"business_records"`
	Attachments         []AttachmentRef     `json:"attachments"`
}

// InstitutionInfo is the institution section, prefilled from the registration.
type InstitutionInfo struct {
	Name          string `json:"name"`
	Type          string `json:"type"`
	EstablishedOn string `json:"established_on"`
	Address       string `json:"address"`
	RegionCode    string `json:"region_code"`
	ContactName   string `json:"contact_name"`
	ContactPhone  string `json:"contact_phone"`
	ContactEmail  string `json:"contact_email"`
}

// LegalRepresentative is the legal representative section.
type LegalRepresentative struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
}

// Qualification is a professional qualification with its certificate number.
type Qualification struct {
	Kind   string `json:"kind"`
	Number string `json:"number"`
}

// Person is a lead evaluator (主评人) or another practitioner.
type Person struct {
	Name           string          `json:"name"`
	IDNumber       string          `json:"id_number"`
	Education      string          `json:"education"`
	Title          string          `json:"title"`
	Qualifications []Qualification `json:"qualifications"`
	EmployedSince  string          `json:"employed_since"`
}

// Expert is a cooperating expert (合作专家).
type Expert struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Title    string `json:"title"`
	Field    string `json:"field"`
	Employer string `json:"employer"`
}

// Branch is a branch office. One with its own legal personality files for
// itself and does not belong in the head office's filing.
type Branch struct {
	Name                string `json:"name"`
	USCC                string `json:"uscc"`
	Address             string `json:"address"`
	RegionCode          string `json:"region_code"`
	HasLegalPersonality bool   `json:"has_legal_personality"`
}

// BusinessRecord is a past evaluation project.
type BusinessRecord struct {
	Client             string `json:"client"`
	Year               int    `json:"year"`
	Project            string `json:"project"`
	AmountFen          int64  `json:"amount_fen"`
	Role               string `json:"role"`
	ReportAttachmentID int64  `json:"report_attachment_id,omitempty"`
}

// AttachmentRef lists an uploaded document in the filing.
type AttachmentRef struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind"`
}

// normalize trims text, normalises identifiers as people paste them (full
// width, lower-case x) and turns null lists into empty ones, so that stored
// documents compare and diff cleanly.
func (d *Document) normalize() {
	t := strings.TrimSpace
	in := &d.Institution
	for _, p := range []*string{&in.Name, &in.Type, &in.EstablishedOn, &in.Address, &in.RegionCode, &in.ContactName, &in.ContactPhone, &in.ContactEmail} {
		*p = t(*p)
	}
	lr := &d.LegalRepresentative
	lr.Name, lr.Phone, lr.IDNumber = t(lr.Name), t(lr.Phone), ident.NormalizeResidentID(lr.IDNumber)
	person := func(p *Person) {
		p.Name, p.Education, p.Title, p.EmployedSince = t(p.Name), t(p.Education), t(p.Title), t(p.EmployedSince)
		p.IDNumber = ident.NormalizeResidentID(p.IDNumber)
		normEach(&p.Qualifications, func(q *Qualification) { q.Kind, q.Number = t(q.Kind), t(q.Number) })
	}
	normEach(&d.LeadEvaluators, person)
	normEach(&d.Practitioners, person)
	normEach(&d.Experts, func(e *Expert) {
		e.Name, e.Title, e.Field, e.Employer = t(e.Name), t(e.Title), t(e.Field), t(e.Employer)
		e.IDNumber = ident.NormalizeResidentID(e.IDNumber)
	})
	normEach(&d.Branches, func(b *Branch) {
		b.Name, b.Address, b.RegionCode = t(b.Name), t(b.Address), t(b.RegionCode)
		b.USCC = ident.NormalizeUSCC(b.USCC)
	})
	normEach(&d.BusinessRecords, func(r *BusinessRecord) { r.Client, r.Project, r.Role = t(r.Client), t(r.Project), t(r.Role) })
	normEach(&d.Attachments, func(a *AttachmentRef) { a.Kind = t(a.Kind) })
}

// normEach turns a null list into an empty one and normalises each element.
func normEach[T any](list *[]T, norm func(*T)) {
	if *list == nil {
		*list = []T{}
	}
	for i := range *list {
		norm(&(*list)[i])
	}
}

// idNumbers returns every ID number in the document, for masking.
func (d *Document) idNumbers() []string {
	var ids []string
	add := func(s string) {
		if s != "" {
			ids = append(ids, s)
		}
	}
	add(d.LegalRepresentative.IDNumber)
	for _, p := range d.LeadEvaluators {
		add(p.IDNumber)
	}
	for _, p := range d.Practitioners {
		add(p.IDNumber)
	}
	for _, e := range d.Experts {
		add(e.IDNumber)
	}
	return ids
}

// MaskIDs replaces every resident ID number with its masked form, for
// viewers whose role does not need the full numbers.
func (d *Document) MaskIDs() {
	d.LegalRepresentative.IDNumber = ident.MaskResidentID(d.LegalRepresentative.IDNumber)
	for i := range d.LeadEvaluators {
		d.LeadEvaluators[i].IDNumber = ident.MaskResidentID(d.LeadEvaluators[i].IDNumber)
	}
	for i := range d.Practitioners {
		d.Practitioners[i].IDNumber = ident.MaskResidentID(d.Practitioners[i].IDNumber)
	}
	for i := range d.Experts {
		d.Experts[i].IDNumber = ident.MaskResidentID(d.Experts[i].IDNumber)
	}
}
