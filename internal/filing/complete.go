package filing

import (
	"fmt"
	"slices"
	"strings"
)

// complete reports every required field that is missing: the checks that
// wait until submit, so that a draft can be saved half done.
func (c *checker) complete(d *Document) {
	req := func(path, v string) {
		if v == "" {
			c.add(path, "field.required")
		}
	}
	in := d.Institution
	for _, f := range []struct{ path, v string }{
		{"institution.name", in.Name}, {"institution.type", in.Type}, {"institution.established_on", in.EstablishedOn},
		{"institution.address", in.Address}, {"institution.region_code", in.RegionCode}, {"institution.contact_name", in.ContactName},
		{"institution.contact_phone", in.ContactPhone}, {"institution.contact_email", in.ContactEmail},
		{"legal_representative.name", d.LegalRepresentative.Name}, {"legal_representative.id_number", d.LegalRepresentative.IDNumber},
		{"legal_representative.phone", d.LegalRepresentative.Phone},
	} {
		req(f.path, f.v)
	}
	if len(d.LeadEvaluators) == 0 {
		c.add("lead_evaluators", "field.required_one")
	}
	for section, ps := range map[string][]Person{"lead_evaluators": d.LeadEvaluators, "practitioners": d.Practitioners} {
		for i, x := range ps {
			p := fmt.Sprintf("%s[%d]", section, i)
			req(p+".name", x.Name)
			req(p+".id_number", x.IDNumber)
			req(p+".education", x.Education)
			req(p+".title", x.Title)
			for j, q := range x.Qualifications {
				req(fmt.Sprintf("%s.qualifications[%d].kind", p, j), q.Kind)
				req(fmt.Sprintf("%s.qualifications[%d].number", p, j), q.Number)
			}
		}
	}
	for i, e := range d.Experts {
		p := fmt.Sprintf("experts[%d]", i)
		req(p+".name", e.Name)
		req(p+".id_number", e.IDNumber)
		req(p+".employer", e.Employer)
	}
	for i, b := range d.Branches {
		p := fmt.Sprintf("branches[%d]", i)
		req(p+".name", b.Name)
		req(p+".address", b.Address)
		req(p+".region_code", b.RegionCode)
	}
	for i, r := range d.BusinessRecords {
		p := fmt.Sprintf("business_records[%d]", i)
		req(p+".client", r.Client)
		req(p+".project", r.Project)
		req(p+".role", r.Role)
		if r.Year == 0 {
			c.add(p+".year", "field.required")
		}
	}
	for i, a := range d.Attachments {
		req(fmt.Sprintf("attachments[%d].kind", i), a.Kind)
	}
	has := func(kind string) bool {
		return slices.ContainsFunc(d.Attachments, func(a AttachmentRef) bool { return a.Kind == kind })
	}
	if !has("business_license") {
		c.add("attachments.business_license", "field.attachment_missing")
	}
	if !has("credit_pledge") {
		c.add("attachments.credit_pledge", "field.attachment_missing")
	}
}

// consistent checks the document against itself and its uploads: what a
// reviewer would otherwise check by hand.
func (c *checker) consistent(d *Document) {
	// One ID number, one person: the same name wherever it appears.
	type seen struct{ name, path string }
	names := map[string]seen{}
	person := func(path, id, name string) {
		if id == "" {
			return
		}
		if s, ok := names[id]; ok && name != "" && s.name != "" && s.name != name {
			c.add(path+".name", "field.person_name_mismatch")
			return
		}
		if _, ok := names[id]; !ok {
			names[id] = seen{name, path}
		}
	}
	person("legal_representative", d.LegalRepresentative.IDNumber, d.LegalRepresentative.Name)
	employees := map[string]bool{}
	for i, p := range d.Practitioners {
		employees[p.IDNumber] = true
		person(fmt.Sprintf("practitioners[%d]", i), p.IDNumber, p.Name)
	}
	for i, p := range d.LeadEvaluators {
		path := fmt.Sprintf("lead_evaluators[%d]", i)
		person(path, p.IDNumber, p.Name)
		if p.IDNumber != "" && !employees[p.IDNumber] {
			c.add(path+".id_number", "field.lead_not_employee")
		}
	}
	for i, e := range d.Experts {
		person(fmt.Sprintf("experts[%d]", i), e.IDNumber, e.Name)
	}
	// A person listed twice in one list is a copy-and-paste mistake.
	for section, ids := range map[string][]string{"lead_evaluators": personIDs(d.LeadEvaluators), "practitioners": personIDs(d.Practitioners), "experts": expertIDs(d.Experts)} {
		dup := map[string]bool{}
		for i, id := range ids {
			if id != "" && dup[id] {
				c.add(fmt.Sprintf("%s[%d].id_number", section, i), "field.person_duplicate")
			}
			dup[id] = true
		}
	}
	// Each document is what it claims to be and supports a fitting section.
	for i, ref := range d.Attachments {
		a := c.atts[ref.ID]
		if a == nil || ref.Kind == "" {
			continue
		}
		p := fmt.Sprintf("attachments[%d]", i)
		switch {
		case a.Kind != ref.Kind:
			c.add(p+".kind", "field.attachment_kind_mismatch")
		case !KindFitsSection(a.Kind, a.Section):
			c.add(p+".kind", "field.attachment_section_mismatch")
		case !strings.HasPrefix(a.ContentType, "image/") && a.ContentType != "application/pdf":
			c.add(p+".kind", "field.attachment_type_mismatch")
		}
	}
}

func personIDs(ps []Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.IDNumber
	}
	return out
}

func expertIDs(es []Expert) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.IDNumber
	}
	return out
}
