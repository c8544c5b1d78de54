package filing

import (
	"fmt"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/privacy"
	"evalcred/internal/registry"
)

// checker collects field errors under JSON paths.
type checker struct {
	f     apperr.Fields
	today time.Time
	atts  map[int64]*Attachment // the institution's uploaded documents
}

func (c *checker) add(path, key string) { c.f.Add(path, key) }

func (c *checker) text(path, v string, max int) {
	if registry.TooLong(v, max) {
		c.add(path, "field.too_long")
	}
}

func (c *checker) date(path, v string) {
	if v == "" {
		return
	}
	d, err := calendar.ParseDate(v)
	switch {
	case err != nil:
		c.add(path, "field.date")
	case d.After(calendar.DateOf(c.today)) || d.Y < 1900:
		c.add(path, "field.date_range")
	}
}

func (c *checker) idNumber(path, v string) {
	if v == "" {
		return
	}
	if k := registry.ResidentIDKey(v, c.today); k != "" {
		c.add(path, k)
	}
}

func (c *checker) phone(path, v string) {
	if v != "" && !registry.ValidPhone(v) {
		c.add(path, "field.phone")
	}
}

func (c *checker) region(path, v string) {
	if v == "" {
		return
	}
	if k := registry.RegionKey(v); k != "" {
		c.add(path, k)
	}
}

// values refuses invalid values, but not missing ones: a draft may be
// incomplete, completeness is checked at submit.
func (c *checker) values(d *Document) {
	in := d.Institution
	c.text("institution.name", in.Name, 200)
	privacy.Check(&c.f, "institution.name", in.Name) // the public query shows it
	if in.Type != "" && !registry.ValidType(in.Type) {
		c.add("institution.type", "field.institution_type")
	}
	c.date("institution.established_on", in.EstablishedOn)
	c.text("institution.address", in.Address, 300)
	c.region("institution.region_code", in.RegionCode)
	c.text("institution.contact_name", in.ContactName, 50)
	c.phone("institution.contact_phone", in.ContactPhone)
	if in.ContactEmail != "" && !registry.ValidEmail(in.ContactEmail) {
		c.add("institution.contact_email", "field.email")
	}
	lr := d.LegalRepresentative
	c.text("legal_representative.name", lr.Name, 50)
	c.idNumber("legal_representative.id_number", lr.IDNumber)
	c.phone("legal_representative.phone", lr.Phone)
	c.people("lead_evaluators", d.LeadEvaluators)
	c.people("practitioners", d.Practitioners)
	for i, e := range d.Experts {
		p := fmt.Sprintf("experts[%d]", i)
		c.text(p+".name", e.Name, 50)
		c.idNumber(p+".id_number", e.IDNumber)
		c.text(p+".title", e.Title, 50)
		c.text(p+".field", e.Field, 100)
		c.text(p+".employer", e.Employer, 200)
	}
	for i, b := range d.Branches {
		p := fmt.Sprintf("branches[%d]", i)
		c.text(p+".name", b.Name, 200)
		if b.USCC != "" {
			if k := registry.USCCKey(b.USCC); k != "" {
				c.add(p+".uscc", k)
			}
		}
		c.text(p+".address", b.Address, 300)
		c.region(p+".region_code", b.RegionCode)
		if b.HasLegalPersonality {
			c.add(p+".has_legal_personality", "field.branch_files_itself")
		}
	}
	thisYear := calendar.DateOf(c.today).Y
	for i, r := range d.BusinessRecords {
		p := fmt.Sprintf("business_records[%d]", i)
		c.text(p+".client", r.Client, 200)
		c.text(p+".project", r.Project, 300)
		if r.Year != 0 && (r.Year < 1978 || r.Year > thisYear) {
			c.add(p+".year", "field.year")
		}
		if r.AmountFen < 0 {
			c.add(p+".amount_fen", "field.amount_negative")
		}
		if r.Role != "" && r.Role != "lead" && r.Role != "participant" {
			c.add(p+".role", "field.project_role")
		}
		if r.ReportAttachmentID != 0 && c.atts[r.ReportAttachmentID] == nil {
			c.add(p+".report_attachment_id", "field.attachment_unknown")
		}
	}
	for i, a := range d.Attachments {
		p := fmt.Sprintf("attachments[%d]", i)
		if c.atts[a.ID] == nil {
			c.add(p+".id", "field.attachment_unknown")
		}
		if a.Kind != "" && !slices.Contains(AttachmentKinds, a.Kind) {
			c.add(p+".kind", "field.attachment_kind")
		}
	}
}

func (c *checker) people(section string, ps []Person) {
	for i, x := range ps {
		p := fmt.Sprintf("%s[%d]", section, i)
		c.text(p+".name", x.Name, 50)
		c.idNumber(p+".id_number", x.IDNumber)
		c.text(p+".education", x.Education, 50)
		c.text(p+".title", x.Title, 50)
		c.date(p+".employed_since", x.EmployedSince)
		for j, q := range x.Qualifications {
			qp := fmt.Sprintf("%s.qualifications[%d]", p, j)
			if q.Kind != "" && !slices.Contains(QualificationKinds, q.Kind) {
				c.add(qp+".kind", "field.qualification_kind")
			}
			c.text(qp+".number", q.Number, 50)
		}
	}
}
