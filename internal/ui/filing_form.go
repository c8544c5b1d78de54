package ui

import (
	"evalcred/internal/locale"
	"evalcred/internal/words"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/filing"
	"evalcred/internal/web"
)

// The filing form without JavaScript: every field is named by its JSON
// path (lead_evaluators[0].name), so the service's field errors land on
// the right input; each list shows its rows and a few empty ones, and empty
// rows are dropped when the form is read back.

// emptyRows is how many blank rows each list offers; "add rows" asks for
// moreRows more in one section.
const (
	emptyRows = 2
	moreRows  = 5
)

// rowIndex finds the indexes used in a form for a list, e.g. experts[3].
var rowIndex = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]\.`)

// maxIndex returns the highest row index of list in the form, or -1.
func maxIndex(form url.Values, list string) int {
	n := -1
	for k := range form {
		if m := rowIndex.FindStringSubmatch(k); m != nil && m[1] == list {
			if i, _ := strconv.Atoi(m[2]); i > n && i < 500 {
				n = i
			}
		}
	}
	return n
}

// rows reads the rows of list: get(i, field) gives a trimmed value. Rows
// whose every field is empty are skipped, so the blank rows cost nothing.
func rows(form url.Values, list string, fields []string, keep func(i int, get func(string) string)) {
	for i := 0; i <= maxIndex(form, list); i++ {
		get := func(f string) string { return strings.TrimSpace(form.Get(fmt.Sprintf("%s[%d].%s", list, i, f))) }
		if slices.IndexFunc(fields, func(f string) bool { return get(f) != "" }) >= 0 {
			keep(i, get)
		}
	}
}

// parseQualifications reads "注册会计师 4300123；律师 1234" (the kind as the
// form lists it, in either language, then the number). A kind the list does
// not know is kept as typed, for validation to refuse against its field.
func parseQualifications(s string) []filing.Qualification {
	out := []filing.Qualification{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '\n' || r == ',' || r == '，' }) {
		f := strings.Fields(strings.NewReplacer(":", " ", "：", " ").Replace(part))
		if len(f) == 0 {
			continue
		}
		q := filing.Qualification{Kind: f[0], Number: strings.Join(f[1:], " ")}
		for n := len(f); n > 0; n-- {
			if code, ok := words.CodeOf("qualification", strings.Join(f[:n], " ")); ok {
				q = filing.Qualification{Kind: code, Number: strings.Join(f[n:], " ")}
				break
			}
		}
		out = append(out, q)
	}
	return out
}

// QualificationText is the inverse of parseQualifications, for the form
// and the filed document: each kind in words of lang, then its number.
func QualificationText(lang string, qs []filing.Qualification) string {
	parts := make([]string, len(qs))
	for i, q := range qs {
		parts[i] = strings.TrimSpace(words.Code(lang, "qualification", q.Kind) + " " + q.Number)
	}
	return strings.Join(parts, locale.T(lang, "words.semicolon"))
}

// parseYuan reads an amount in yuan with at most two decimals as fen.
func parseYuan(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, false
	}
	y, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || y < 0 || y > 1e12 {
		return 0, false
	}
	f := 0
	if frac != "" {
		if f, err = strconv.Atoi(frac + strings.Repeat("0", 2-len(frac))); err != nil {
			return 0, false
		}
	}
	return y*100 + int64(f), true
}

var personFields = []string{"name", "id_number", "education", "title", "qualifications", "employed_since"}

// filingFormFields are the names the filing form posts; a row's fields are
// named <section>[i].<field>.
var (
	filingFormFields = []string{"csrf_token", "revision", "add", "attachments", "institution.name", "institution.type",
		"institution.established_on", "institution.address", "institution.region_code", "institution.contact_name",
		"institution.contact_phone", "institution.contact_email", "legal_representative.name",
		"legal_representative.id_number", "legal_representative.phone"}
	filingRowFields = map[string][]string{"lead_evaluators": personFields, "practitioners": personFields,
		"experts":          {"name", "id_number", "title", "field", "employer"},
		"branches":         {"name", "uscc", "address", "region_code", "has_legal_personality"},
		"business_records": {"client", "year", "project", "amount", "role", "report_attachment_id"}}
	filingRowName = regexp.MustCompile(`^([a-z_]+)\[\d+\]\.([a-z_]+)$`)
)

// checkFilingForm refuses a posted filing form that is not the page's: one
// without the draft's revision (so that it cannot overwrite blind), or with
// a field the form does not have (which would be dropped, emptying what it
// meant to fill). The refusal says so in words.
func checkFilingForm(r *http.Request) error {
	var f apperr.Fields
	if _, ok := r.PostForm["revision"]; !ok {
		f.Add("revision", apperr.KeyArgs("input.required", "input.label.revision"))
	}
	for name := range r.PostForm {
		if slices.Contains(filingFormFields, name) {
			continue
		}
		if m := filingRowName.FindStringSubmatch(name); m != nil && slices.Contains(filingRowFields[m[1]], m[2]) {
			continue
		}
		f.Add(name, "input.unknown_field")
	}
	if len(f) == 0 {
		return nil
	}
	err := web.Refusal(web.Lang(r.Context()), f).(*apperr.Error)
	err.Fields = nil
	return err
}

// parseFilingForm reads the posted form into a document. Numbers that are
// not numbers are reported here, by field, since the document cannot hold
// them; everything else is the service's to judge.
func parseFilingForm(form url.Values) (filing.Document, apperr.Fields) {
	var d filing.Document
	var fe apperr.Fields
	g := func(k string) string { return strings.TrimSpace(form.Get(k)) }
	d.Institution = filing.InstitutionInfo{Name: g("institution.name"), Type: g("institution.type"), EstablishedOn: g("institution.established_on"),
		Address: g("institution.address"), RegionCode: g("institution.region_code"), ContactName: g("institution.contact_name"),
		ContactPhone: g("institution.contact_phone"), ContactEmail: g("institution.contact_email")}
	d.LegalRepresentative = filing.LegalRepresentative{Name: g("legal_representative.name"), IDNumber: g("legal_representative.id_number"), Phone: g("legal_representative.phone")}
	people := func(list string) []filing.Person {
		out := []filing.Person{}
		rows(form, list, personFields, func(_ int, get func(string) string) {
			out = append(out, filing.Person{Name: get("name"), IDNumber: get("id_number"), Education: get("education"), Title: get("title"),
				Qualifications: parseQualifications(get("qualifications")), EmployedSince: get("employed_since")})
		})
		return out
	}
	d.LeadEvaluators, d.Practitioners = people("lead_evaluators"), people("practitioners")
	rows(form, "experts", []string{"name", "id_number", "title", "field", "employer"}, func(_ int, get func(string) string) {
		d.Experts = append(d.Experts, filing.Expert{Name: get("name"), IDNumber: get("id_number"), Title: get("title"), Field: get("field"), Employer: get("employer")})
	})
	rows(form, "branches", []string{"name", "uscc", "address", "region_code"}, func(_ int, get func(string) string) {
		d.Branches = append(d.Branches, filing.Branch{Name: get("name"), USCC: get("uscc"), Address: get("address"), RegionCode: get("region_code"),
			HasLegalPersonality: get("has_legal_personality") != ""})
	})
	rows(form, "business_records", []string{"client", "year", "project", "amount", "role"}, func(_ int, get func(string) string) {
		i := len(d.BusinessRecords)
		rec := filing.BusinessRecord{Client: get("client"), Project: get("project"), Role: get("role")}
		if s := get("year"); s != "" {
			y, err := strconv.Atoi(s)
			if err != nil {
				fe.Add(fmt.Sprintf("business_records[%d].year", i), "field.year")
			}
			rec.Year = y
		}
		if s := get("amount"); s != "" {
			fen, ok := parseYuan(s)
			if !ok {
				fe.Add(fmt.Sprintf("business_records[%d].amount", i), "registryweb.field.amount")
			}
			rec.AmountFen = fen
		}
		rec.ReportAttachmentID, _ = strconv.ParseInt(get("report_attachment_id"), 10, 64)
		d.BusinessRecords = append(d.BusinessRecords, rec)
	})
	for _, v := range form["attachments"] {
		id, kind, _ := strings.Cut(v, ":")
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			d.Attachments = append(d.Attachments, filing.AttachmentRef{ID: n, Kind: kind})
		}
	}
	return d, fe
}

// YuanText shows fen as the yuan amount the form takes back.
func YuanText(fen int64) string {
	if fen == 0 {
		return ""
	}
	return fmt.Sprintf("%d.%02d", fen/100, fen%100)
}
