// Package words turns what the code stores into what a person reads: a
// label for every field path (the filing diff, the error summaries and the
// spreadsheets' column headers share them), a word for every code, and
// money, dates, sizes and counts written the way officials write them. It
// knows no domain rules, only names; the labels themselves are translations
// (translations/*/words.json and the areas' own code keys).
package words

import (
	"strconv"
	"strings"

	"evalcred/internal/locale"
)

// Namer names the item of a list that a path picks: list is the list's path
// without selectors ("practitioners", "practitioners.qualifications"), item
// the path up to and including the item's selector
// ("practitioners[id_number=4301…]", "practitioners[0].qualifications[1]").
// It returns "" when it cannot tell, and the item is then numbered.
type Namer func(list, item string) string

// Field labels a field path such as
// "practitioners[id_number=4301…].qualifications[0].kind" as
// "从业人员 张三 · 资格证书 第1项 · 类别": each part by its label, a list's
// item by the name namer gives it (or its number). A part that is a name
// people gave (an indicator's, not ASCII) is shown as it is; another part
// with no label is left out; a path of which nothing is left is "the form".
func Field(lang, path string, namer Namer) string {
	segs := split(path)
	var out []string
	generic := make([]string, 0, len(segs))
	item := ""
	for _, s := range segs {
		generic = append(generic, s.name)
		if item != "" {
			item += "."
		}
		item += s.name
		label := fieldLabel(lang, generic)
		if s.sel == "" {
			switch {
			case label != "":
				out = append(out, label)
			case !ascii(s.name):
				out = append(out, s.name) // a name people gave, such as an indicator's
			}
			continue
		}
		item += "[" + s.sel + "]"
		name := ""
		if namer != nil {
			name = namer(strings.Join(generic, "."), item)
		}
		if name == "" {
			if n, err := strconv.Atoi(s.sel); err == nil {
				name = locale.T(lang, "words.item", n+1)
			}
		}
		switch {
		case label == "":
			if name != "" {
				out = append(out, name)
			}
		case name == "":
			out = append(out, label)
		default:
			out = append(out, label+" "+name)
		}
	}
	if len(out) == 0 {
		return locale.T(lang, "words.field.unknown")
	}
	return strings.Join(out, locale.T(lang, "words.field.separator"))
}

// HasField reports whether every part of path's generic form (selectors
// dropped) has a label of its own, for tests that the catalogue is complete.
func HasField(lang, path string) bool {
	var generic []string
	for _, s := range split(path) {
		generic = append(generic, s.name)
		if fieldLabel(lang, generic) == "" {
			return false
		}
	}
	return len(generic) > 0
}

// fieldLabel finds the label of the last part of a path: the most specific
// key first (words.field.practitioners.qualifications.kind), then shorter
// ends of the path (words.field.qualifications.kind, words.field.kind), so
// that a name shared by many forms is labelled once.
func fieldLabel(lang string, generic []string) string {
	for i := range generic {
		key := "words.field." + strings.Join(generic[i:], ".")
		if locale.Has(lang, key) {
			return locale.T(lang, key)
		}
	}
	return ""
}

type segment struct{ name, sel string }

// split cuts a path at its dots, leaving dots inside brackets alone.
func split(path string) []segment {
	var out []segment
	for path != "" {
		var s segment
		i := strings.IndexAny(path, ".[")
		if i < 0 {
			s.name, path = path, ""
		} else {
			s.name, path = path[:i], path[i:]
		}
		if strings.HasPrefix(path, "[") {
			end := strings.IndexByte(path, ']')
			if end < 0 {
				end = len(path) - 1
			}
			s.sel, path = path[1:end], path[end+1:]
		}
		path = strings.TrimPrefix(path, ".")
		if s.name != "" || s.sel != "" {
			out = append(out, s)
		}
	}
	return out
}

// Section returns the first part of a path ("practitioners" of
// "practitioners[id_number=…].name").
func Section(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

// Generic returns path without its list selectors
// ("practitioners.qualifications.kind"), the form its label is found by.
func Generic(path string) string {
	var parts []string
	for _, s := range split(path) {
		parts = append(parts, s.name)
	}
	return strings.Join(parts, ".")
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
