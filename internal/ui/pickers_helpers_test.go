package ui_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

// option is one choice a page offers in a select: what it posts, what a
// person reads, and the group (an <optgroup>'s label) it is listed under.
type option struct {
	Value, Label, Group string
	Selected            bool
}

var (
	optgroupRe = regexp.MustCompile(`(?s)<optgroup label="([^"]*)">(.*?)</optgroup>`)
	optionRe   = regexp.MustCompile(`(?s)<option value="([^"]*)"([^>]*)>([^<]*)</option>`)
)

// selectOptions reads the options of the select named name on a page, as
// a person sees the list; nil when the page has no such select.
func selectOptions(page, name string) []option {
	re := regexp.MustCompile(`(?s)<select[^>]*\bname="` + regexp.QuoteMeta(name) + `"[^>]*>(.*?)</select>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return nil
	}
	return parseOptions(m[1])
}

// parseOptions reads <option>s, in their groups, from a fragment of HTML.
func parseOptions(body string) []option {
	var out []option
	add := func(s, group string) {
		for _, o := range optionRe.FindAllStringSubmatch(s, -1) {
			out = append(out, option{Value: html.UnescapeString(o[1]), Label: html.UnescapeString(strings.TrimSpace(o[3])), Group: html.UnescapeString(group),
				Selected: strings.Contains(o[2], "selected")})
		}
	}
	at := 0
	for _, g := range optgroupRe.FindAllStringSubmatchIndex(body, -1) {
		add(body[at:g[0]], "")
		add(body[g[4]:g[5]], body[g[2]:g[3]])
		at = g[1]
	}
	add(body[at:], "")
	return out
}

// pick returns the value of the first option of the select named name
// whose label contains label; the test fails when the page offers none.
func pick(t *testing.T, page, name, label string) string {
	t.Helper()
	for _, o := range selectOptions(page, name) {
		if o.Value != "" && strings.Contains(o.Label, label) {
			return o.Value
		}
	}
	t.Fatalf("select %s offers no %q among %v", name, label, selectOptions(page, name))
	return ""
}
