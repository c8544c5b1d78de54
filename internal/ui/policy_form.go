package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/locale"
	"evalcred/internal/policy"
)

// A policy value is edited as a form built from its key's declaration:
// one input per number in the unit people use (元, %, working days,
// months) with its declared range beside it, a select per word, boxes for
// a set, a table for a list of rows. The inputs are named by the value's
// JSON paths ("value.general.max", "value[2].min"), so the reasons the
// declaration's check gives land beside them.

// policyInput is one input of a policy form, or a group of them.
type policyInput struct {
	Name  string
	Label string // message key
	Kind  policy.Kind
	// Unit is the message key of the unit; Min and Max the range, shown.
	Unit, Min, Max string
	Value          string
	Values         []string // the words chosen of a set
	Options        []policyOption
	Members        []policyInput   // of an object
	Columns        []policyInput   // of a list: its members, for the header
	Rows           [][]policyInput // of a list
	Error          string          // the reason, translated
}

// policyOption is a word an input offers, with its label's message key.
type policyOption struct{ Value, Label string }

// Has reports whether a set input has v chosen.
func (in policyInput) Has(v string) bool { return slices.Contains(in.Values, v) }

// blankRows is how many empty rows a list offers for adding.
const blankRows = 2

// policyForm builds the inputs of the declaration d filled from src (form
// values named by JSON path) with the reasons errs gives by name.
func policyForm(d policy.Decl, src url.Values, errs map[string]string) policyInput {
	return buildPolicyInput(d.Field, "value", src, errs, false)
}

func buildPolicyInput(f policy.Field, name string, src url.Values, errs map[string]string, inRow bool) policyInput {
	in := policyInput{Name: name, Label: f.Label, Kind: f.Kind, Error: errs[name]}
	switch f.Kind {
	case policy.KindInt:
		in.Unit, in.Min, in.Max, in.Value = f.Unit.Label(), f.Unit.Show(f.Min), f.Unit.Show(f.Max), src.Get(name)
	case policy.KindBool:
		in.Value = src.Get(name)
		in.Options = []policyOption{{"true", "pickers.policy.yes"}, {"false", "pickers.policy.no"}}
	case policy.KindEnum:
		in.Value = src.Get(name)
		if f.Optional {
			in.Options = append(in.Options, policyOption{"", f.ValueLabel("")})
		} else if inRow {
			in.Options = append(in.Options, policyOption{"", "pickers.choose"})
		}
		for _, v := range f.Values {
			in.Options = append(in.Options, policyOption{v, f.ValueLabel(v)})
		}
	case policy.KindSet:
		in.Values = src[name]
		for _, v := range f.Values {
			in.Options = append(in.Options, policyOption{v, f.ValueLabel(v)})
		}
	case policy.KindObject:
		for _, m := range f.Fields {
			in.Members = append(in.Members, buildPolicyInput(m, name+"."+m.Name, src, errs, inRow))
		}
	case policy.KindList:
		for _, m := range f.Fields {
			in.Columns = append(in.Columns, buildPolicyInput(m, name, nil, nil, true))
		}
		for i := range listRows(src, name) + blankRows {
			var row []policyInput
			for _, m := range f.Fields {
				row = append(row, buildPolicyInput(m, fmt.Sprintf("%s[%d].%s", name, i, m.Name), src, errs, true))
			}
			in.Rows = append(in.Rows, row)
		}
	}
	return in
}

// listRows is how many rows of the list named name src holds (the highest
// index plus one).
func listRows(src url.Values, name string) int {
	n := 0
	for k := range src {
		if rest, ok := strings.CutPrefix(k, name+"["); ok {
			if i, err := strconv.Atoi(rest[:max(strings.IndexByte(rest, ']'), 0)]); err == nil && i < 100 {
				n = max(n, i+1)
			}
		}
	}
	return n
}

// policyValues are the form values of a stored value of d, in the units
// the form shows.
func policyValues(d policy.Decl, raw json.RawMessage) url.Values {
	out := url.Values{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	if dec.Decode(&x) == nil {
		flattenPolicy(d.Field, x, "value", out)
	}
	return out
}

func flattenPolicy(f policy.Field, x any, name string, out url.Values) {
	switch f.Kind {
	case policy.KindInt:
		if n, ok := x.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				out.Set(name, f.Unit.Show(i))
			}
		}
	case policy.KindBool:
		if b, ok := x.(bool); ok {
			out.Set(name, strconv.FormatBool(b))
		}
	case policy.KindEnum:
		if s, ok := x.(string); ok {
			out.Set(name, s)
		}
	case policy.KindSet:
		xs, _ := x.([]any)
		for _, v := range xs {
			if s, ok := v.(string); ok {
				out.Add(name, s)
			}
		}
	case policy.KindObject:
		m, _ := x.(map[string]any)
		for _, mf := range f.Fields {
			flattenPolicy(mf, m[mf.Name], name+"."+mf.Name, out)
		}
	case policy.KindList:
		xs, _ := x.([]any)
		for i, row := range xs {
			m, _ := row.(map[string]any)
			for _, mf := range f.Fields {
				flattenPolicy(mf, m[mf.Name], fmt.Sprintf("%s[%d].%s", name, i, mf.Name), out)
			}
		}
	}
}

// policyDraft reads a policy form back into the value it stands for and
// checks it against d. The reasons are by input name: a row left out as
// empty does not shift the names of the rows after it.
func policyDraft(d policy.Decl, src url.Values) (json.RawMessage, apperr.Fields) {
	var errs apperr.Fields
	rows := map[string][]int{} // per list, the form row of each value row
	x := parsePolicy(d.Field, "value", src, &errs, rows)
	raw, err := json.Marshal(x)
	if err != nil {
		errs.Add("value", "policy.check.shape")
	}
	if len(errs) > 0 {
		return raw, errs
	}
	if e := apperr.As(d.Check(raw)); len(e.Fields) > 0 {
		for k, v := range e.Fields {
			errs.Add(formName(k, rows), v)
		}
	}
	return raw, errs
}

func parsePolicy(f policy.Field, name string, src url.Values, errs *apperr.Fields, rows map[string][]int) any {
	get := func() string { return strings.TrimSpace(src.Get(name)) }
	switch f.Kind {
	case policy.KindInt:
		s := get()
		if s == "" {
			errs.Add(name, "field.required")
			return 0
		}
		n, ok := f.Unit.Parse(s)
		if !ok {
			errs.Add(name, "pickers.policy.not_number")
		}
		return n
	case policy.KindBool:
		return get() == "true"
	case policy.KindEnum:
		return get()
	case policy.KindSet:
		out := []string{}
		for _, v := range src[name] {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	case policy.KindObject:
		out := map[string]any{}
		for _, m := range f.Fields {
			out[m.Name] = parsePolicy(m, name+"."+m.Name, src, errs, rows)
		}
		return out
	case policy.KindList:
		out := []any{}
		for i := range listRows(src, name) {
			at := fmt.Sprintf("%s[%d]", name, i)
			blank := true
			for _, m := range f.Fields {
				if strings.TrimSpace(src.Get(at+"."+m.Name)) != "" {
					blank = false
				}
			}
			if blank {
				continue
			}
			row := map[string]any{}
			for _, m := range f.Fields {
				row[m.Name] = parsePolicy(m, at+"."+m.Name, src, errs, rows)
			}
			rows[name] = append(rows[name], i)
			out = append(out, row)
		}
		return out
	}
	return nil
}

var pathIndex = regexp.MustCompile(`^(.*?)\[(\d+)\](.*)$`)

// formName turns a path of the value into the name of its input: the
// index of a row in the value becomes the row's index in the form.
func formName(path string, rows map[string][]int) string {
	m := pathIndex.FindStringSubmatch(path)
	if m == nil {
		return path
	}
	i, _ := strconv.Atoi(m[2])
	if r := rows[m[1]]; i < len(r) {
		i = r[i]
	}
	return fmt.Sprintf("%s[%d]%s", m[1], i, m[3])
}

// policyReasons translates the reasons by input name, each naming its
// field in words: the input's label, its row, and for a number out of range
// the range. The second result lists them all for the summary.
func policyReasons(lang string, form policyInput, errs apperr.Fields) (map[string]string, []string) {
	beside := map[string]string{}
	var all []string
	var walk func(in policyInput, row int)
	walk = func(in policyInput, row int) {
		if reason, ok := errs[in.Name]; ok {
			msg := locale.T(lang, reason)
			if in.Kind == policy.KindInt {
				msg += locale.T(lang, "pickers.policy.range", in.Min, in.Max, locale.T(lang, in.Unit))
			}
			beside[in.Name] = msg
			label := locale.T(lang, in.Label)
			if row > 0 {
				label = locale.T(lang, "pickers.policy.row", row, label)
			}
			all = append(all, label+locale.T(lang, "pickers.colon")+msg)
		}
		for _, m := range in.Members {
			walk(m, row)
		}
		for i, r := range in.Rows {
			for _, m := range r {
				walk(m, i+1)
			}
		}
	}
	walk(form, 0)
	for name, reason := range errs {
		if _, ok := beside[name]; !ok {
			beside["value"] = locale.T(lang, reason)
			all = append(all, locale.T(lang, form.Label)+locale.T(lang, "pickers.colon")+locale.T(lang, reason))
		}
	}
	return beside, all
}

// policySummary says a stored value in words, for the table of values.
func policySummary(lang string, d policy.Decl, raw json.RawMessage) string {
	src := policyValues(d, raw)
	var say func(f policy.Field, name string) string
	say = func(f policy.Field, name string) string {
		switch f.Kind {
		case policy.KindInt:
			return locale.T(lang, "pickers.policy.amount", src.Get(name), locale.T(lang, f.Unit.Label()))
		case policy.KindBool:
			if src.Get(name) == "true" {
				return locale.T(lang, "pickers.policy.yes")
			}
			return locale.T(lang, "pickers.policy.no")
		case policy.KindEnum:
			return locale.T(lang, f.ValueLabel(src.Get(name)))
		case policy.KindSet:
			var ws []string
			for _, v := range src[name] {
				ws = append(ws, locale.T(lang, f.ValueLabel(v)))
			}
			return strings.Join(ws, locale.T(lang, "pickers.list_sep"))
		case policy.KindObject:
			var ms []string
			for _, m := range f.Fields {
				ms = append(ms, locale.T(lang, m.Label)+locale.T(lang, "pickers.colon")+say(m, name+"."+m.Name))
			}
			return strings.Join(ms, locale.T(lang, "pickers.policy.part_sep"))
		case policy.KindList:
			var rs []string
			for i := range listRows(src, name) {
				var ms []string
				for _, m := range f.Fields {
					ms = append(ms, say(m, fmt.Sprintf("%s[%d].%s", name, i, m.Name)))
				}
				rs = append(rs, strings.Join(ms, locale.T(lang, "pickers.policy.cell_sep")))
			}
			return strings.Join(rs, locale.T(lang, "pickers.policy.part_sep"))
		}
		return ""
	}
	return say(d.Field, "value")
}
