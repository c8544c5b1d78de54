package ui

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"evalcred/internal/calendar"
	"evalcred/internal/filing"
	"evalcred/internal/locale"
	"evalcred/internal/region"
	"evalcred/internal/words"
)

// diffView is a filing diff as a reviewer reads it: by section in the
// filing's order, each row a field in words ("before → after"), a person or
// row added or removed as a whole one row, with the number of rows and the
// other base one click away.
type diffView struct {
	*filing.DiffResult
	Total    int
	Sections []diffSection
	// Switch is the query that shows the changes since the other base
	// ("?base=approved"), empty when there is no other base.
	Switch string
}

type diffSection struct {
	Label string
	Rows  []diffRow
}

type diffRow struct {
	Label, Change, Before, After string
}

// newDiffView puts d into words of lang; files names the attachments that
// the document refers to by id.
func newDiffView(lang string, d *filing.DiffResult, files map[int64]string) *diffView {
	v := &diffView{DiffResult: d}
	switch {
	case d.Base == filing.BaseReturned:
		v.Switch = "?" + url.Values{"base": {filing.BaseApproved}}.Encode()
	case d.ReturnedVersion > 0:
		v.Switch = "?" + url.Values{"base": {filing.BaseReturned}}.Encode()
	}
	namer := func(_, item string) string { return d.Names[item] }
	bySection := map[string][]filing.Change{}
	for _, c := range d.Changes {
		s := words.Section(c.Path)
		bySection[s] = append(bySection[s], c)
	}
	for _, s := range filing.Sections {
		cs := bySection[s]
		if len(cs) == 0 {
			continue
		}
		sec := diffSection{Label: locale.T(lang, "words.field."+s)}
		trim := func(label string) string {
			for _, p := range []string{sec.Label + locale.T(lang, "words.field.separator"), sec.Label + " "} {
				if rest, ok := strings.CutPrefix(label, p); ok {
					return rest
				}
			}
			return label
		}
		for _, g := range groupItems(cs) {
			if whole := g.whole(); whole != "" {
				row := diffRow{Label: trim(words.Field(lang, g.item, namer)), Change: whole}
				var vals []string
				for _, c := range g.changes {
					v := c.After
					if whole == "removed" {
						v = c.Before
					}
					if w := valueWords(lang, c.Path, v, files); w != "" && w != d.Names[g.item] {
						vals = append(vals, w)
					}
				}
				summary := strings.Join(vals, locale.T(lang, "words.field.separator"))
				if whole == "removed" {
					row.Before = summary
				} else {
					row.After = summary
				}
				sec.Rows = append(sec.Rows, row)
				continue
			}
			for _, c := range g.changes {
				sec.Rows = append(sec.Rows, diffRow{Label: trim(words.Field(lang, c.Path, namer)), Change: c.Change,
					Before: valueWords(lang, c.Path, c.Before, files), After: valueWords(lang, c.Path, c.After, files)})
			}
		}
		v.Total += len(sec.Rows)
		v.Sections = append(v.Sections, sec)
	}
	return v
}

// itemGroup is the changes under one item of a section's list
// ("practitioners[id_number=…]"), or one change outside any list.
type itemGroup struct {
	item    string
	changes []filing.Change
}

// whole is "added" or "removed" when the group is a list item that came or
// went as a whole, "" otherwise.
func (g itemGroup) whole() string {
	if g.item == "" {
		return ""
	}
	first := g.changes[0].Change
	if first == "changed" {
		return ""
	}
	for _, c := range g.changes {
		if c.Change != first {
			return ""
		}
	}
	return first
}

// groupItems gathers the changes of one section by the list item they
// belong to, keeping the first appearance's order, and orders each item's
// fields as the form shows them.
func groupItems(cs []filing.Change) []itemGroup {
	var out []itemGroup
	at := map[string]int{}
	for _, c := range cs {
		item := ""
		if i := strings.IndexByte(c.Path, ']'); i > 0 && strings.IndexByte(c.Path, '.') > i {
			item = c.Path[:i+1]
		}
		if item == "" {
			out = append(out, itemGroup{changes: []filing.Change{c}})
			continue
		}
		if k, ok := at[item]; ok {
			out[k].changes = append(out[k].changes, c)
			continue
		}
		at[item] = len(out)
		out = append(out, itemGroup{item: item, changes: []filing.Change{c}})
	}
	for _, g := range out {
		slices.SortStableFunc(g.changes, func(a, b filing.Change) int { return fieldRank(a.Path) - fieldRank(b.Path) })
	}
	slices.SortStableFunc(out, func(a, b itemGroup) int {
		if a.item != "" || b.item != "" {
			return 0
		}
		return fieldRank(a.changes[0].Path) - fieldRank(b.changes[0].Path)
	})
	return out
}

// formOrder is the order of a list item's fields on the filing form.
var formOrder = []string{"name", "type", "id_number", "uscc", "established_on", "education", "title", "qualifications", "employed_since",
	"field", "employer", "address", "region_code", "has_legal_personality", "contact_name", "contact_phone", "contact_email", "phone",
	"client", "year", "project", "amount_fen", "role", "report_attachment_id", "kind", "id"}

func fieldRank(path string) int {
	leaf := path
	if i := strings.IndexByte(path, ']'); i >= 0 && i+2 <= len(path) {
		leaf = path[i+2:]
	} else if i := strings.IndexByte(path, '.'); i >= 0 {
		leaf = path[i+1:]
	}
	leaf = words.Section(leaf)
	if i := slices.Index(formOrder, leaf); i >= 0 {
		return i
	}
	return len(formOrder)
}

// valueWords writes a filed value as a person reads it: codes as words,
// money in 元, dates and regions by name, files by their name.
func valueWords(lang, path string, v any, files map[int64]string) string {
	if v == nil {
		return ""
	}
	g := words.Generic(path)
	leaf := g[strings.LastIndexByte(g, '.')+1:]
	switch x := v.(type) {
	case bool:
		if x {
			return locale.T(lang, "words.yes")
		}
		return locale.T(lang, "words.no")
	case float64:
		n := int64(x)
		switch leaf {
		case "amount_fen":
			return words.Money(lang, n)
		case "id", "report_attachment_id":
			if name, ok := files[n]; ok {
				return name
			}
			return locale.T(lang, "words.file_uploaded")
		case "year":
			return strconv.FormatInt(n, 10)
		}
		return words.Number(n)
	case string:
		switch {
		case strings.HasSuffix(g, "qualifications.kind"):
			return words.Code(lang, "qualification", x)
		case g == "institution.type":
			return words.Code(lang, "institution_type", x)
		case g == "attachments.kind":
			return words.Code(lang, "attachment_kind", x)
		case g == "business_records.role":
			return words.Code(lang, "project_role", x)
		case leaf == "region_code":
			if name := region.Default().FullName(x); name != "" {
				return name
			}
		case leaf == "established_on" || leaf == "employed_since":
			if d, err := calendar.ParseDate(x); err == nil {
				return words.Date(lang, d)
			}
		}
		return x
	}
	return fmt.Sprint(v)
}

// documentNamer names the people, branches and business records of d by
// their place in its lists ("practitioners[2]"), as validation and the
// warnings point at them.
func documentNamer(d *filing.Document) words.Namer {
	names := map[string]string{}
	for list, ps := range map[string][]filing.Person{"lead_evaluators": d.LeadEvaluators, "practitioners": d.Practitioners} {
		for i, p := range ps {
			names[fmt.Sprintf("%s[%d]", list, i)] = p.Name
		}
	}
	for i, e := range d.Experts {
		names[fmt.Sprintf("experts[%d]", i)] = e.Name
	}
	for i, b := range d.Branches {
		names[fmt.Sprintf("branches[%d]", i)] = b.Name
	}
	for i, r := range d.BusinessRecords {
		names[fmt.Sprintf("business_records[%d]", i)] = r.Project
	}
	return func(_, item string) string { return names[item] }
}
