package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"evalcred/internal/apperr"
)

// The reasons Check gives besides the rules' labels (Rule.Label).
const (
	reasonShape   = "policy.check.shape"
	reasonInteger = "policy.check.integer"
	reasonRange   = "policy.check.range"
	reasonValue   = "policy.check.value"
	reasonCount   = "policy.check.count"
)

var reasons = []string{reasonShape, reasonInteger, reasonRange, reasonValue, reasonCount}

// Check reports where v breaks the declaration: its shape, a number out of
// range or not whole, a word not allowed, an empty list, a rule. The
// fields are JSON paths below "value" ("value.general.max",
// "value[2].min"), the reasons message keys ("policy.check.range",
// "policy.rule.order"). nil when v holds.
func (d Decl) Check(v json.RawMessage) error {
	var f apperr.Fields
	x, err := decode(v)
	if err != nil {
		f.Add("value", reasonShape)
		return f.Err()
	}
	d.check(x, "value", true, &f)
	return f.Err()
}

// fits reports whether v has the declared shape (kinds and members),
// whatever its numbers and words.
func (d Decl) fits(v json.RawMessage) bool {
	x, err := decode(v)
	if err != nil {
		return false
	}
	var f apperr.Fields
	d.check(x, "value", false, &f)
	return len(f) == 0
}

// decode reads a JSON value keeping numbers as written.
func decode(v json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("policy: more than one value")
	}
	return x, nil
}

// check adds to errs what is wrong with x at path: its shape only, or
// everything when full.
func (f Field) check(x any, path string, full bool, errs *apperr.Fields) {
	shape := func() { errs.Add(path, reasonShape) }
	switch f.Kind {
	case KindInt:
		n, ok := x.(json.Number)
		if !ok {
			shape()
		} else if full {
			i, err := n.Int64()
			switch {
			case err != nil:
				errs.Add(path, reasonInteger)
			case i < f.Min || i > f.Max:
				errs.Add(path, reasonRange)
			}
		}
	case KindBool:
		if _, ok := x.(bool); !ok {
			shape()
		}
	case KindEnum:
		s, ok := x.(string)
		if !ok {
			shape()
		} else if full && !(f.Optional && s == "") && !slices.Contains(f.Values, s) {
			errs.Add(path, reasonValue)
		}
	case KindObject:
		m, ok := x.(map[string]any)
		if !ok || len(m) != len(f.Fields) {
			shape()
			return
		}
		for _, mf := range f.Fields {
			v, ok := m[mf.Name]
			if !ok {
				shape()
				return
			}
			mf.check(v, path+"."+mf.Name, full, errs)
		}
		if full {
			for _, r := range f.Rules {
				r.checkObject(m, path, errs)
			}
		}
	case KindSet, KindList:
		xs, ok := x.([]any)
		if !ok {
			shape()
			return
		}
		if full && len(xs) == 0 {
			errs.Add(path, reasonCount)
		}
		before := len(*errs)
		item := Field{Kind: KindObject, Fields: f.Fields} // a row
		if f.Kind == KindSet {
			item = Field{Kind: KindEnum, Values: f.Values}
		}
		for i, e := range xs {
			item.check(e, fmt.Sprintf("%s[%d]", path, i), full, errs)
		}
		if full && len(*errs) == before {
			for _, r := range f.Rules {
				r.checkRows(xs, path, errs)
			}
		}
	default:
		shape()
	}
}

// checkObject checks a rule across the members of m, an object whose
// members have their declared shapes.
func (r Rule) checkObject(m map[string]any, path string, errs *apperr.Fields) {
	switch r.Kind {
	case RuleSum100:
		var sum int64
		for _, v := range m {
			if n, ok := whole(v); ok {
				sum += n
			}
		}
		if sum != 100 {
			errs.Add(path, r.Label())
		}
	case RuleOrder:
		lo, ok1 := whole(m[r.Fields[0]])
		hi, ok2 := whole(m[r.Fields[1]])
		if ok1 && ok2 && lo > hi {
			errs.Add(path+"."+r.Fields[1], r.Label())
		}
	}
}

// checkRows checks a rule across rows whose members are all as declared.
func (r Rule) checkRows(xs []any, path string, errs *apperr.Fields) {
	// The member the rule reads, or with none (a set) the item itself.
	at := func(i int) string { return fmt.Sprintf("%s[%d]", path, i) }
	val := func(i int) any { return xs[i] }
	if len(r.Fields) > 0 {
		at = func(i int) string { return fmt.Sprintf("%s[%d].%s", path, i, r.Fields[0]) }
		val = func(i int) any { return xs[i].(map[string]any)[r.Fields[0]] }
	}
	switch r.Kind {
	case RuleBandsDown, RuleBandsUp:
		end := len(xs) - 1 // the band that starts at 0
		if r.Kind == RuleBandsUp {
			end = 0
		}
		for i := range xs {
			n, _ := whole(val(i))
			prev, _ := whole(val(max(i-1, 0)))
			switch {
			case i > 0 && r.Kind == RuleBandsDown && n >= prev,
				i > 0 && r.Kind == RuleBandsUp && n <= prev,
				i == end && n != 0:
				errs.Add(at(i), r.Label())
				return
			}
		}
	case RuleUnique:
		for i := range xs {
			for j := range i {
				if val(i) == val(j) {
					errs.Add(at(i), r.Label())
					return
				}
			}
		}
	}
}

// whole is v as a whole number.
func whole(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}
