package policy

import (
	"encoding/json"
	"slices"
	"strings"
)

// Decl declares one policy key: its default and the shape of its value,
// with each number's unit and range, each word's allowed values, the rules
// across fields, and a label for every part. The policy pages and the
// validation of a new version read the key from here; keys.go holds them
// all.
type Decl struct {
	Key     string          `json:"key"`
	Default json.RawMessage `json:"default"`
	// Field is the value; its Label is the key's ("policy.<key>").
	Field
}

// Kind is what a Field holds.
type Kind string

// The kinds of field.
const (
	KindInt  Kind = "int"  // a whole number in Unit, from Min to Max
	KindBool Kind = "bool" // true or false
	KindEnum Kind = "enum" // one of Values
	KindSet  Kind = "set"  // a list of Values, at least one
	// KindObject is an object of Fields, each by its Name.
	KindObject Kind = "object"
	// KindList is a list of rows, at least one, each an object of Fields.
	KindList Kind = "list"
)

// Field declares a value or a part of one.
type Field struct {
	// Name is the member's name in its object or row; empty for a key's
	// value itself.
	Name string `json:"name,omitempty"`
	// Label is a message key (translations/*/policy.json): "policy.<key>"
	// for the value, then ".<name>" for each member below it, a row's
	// members named as if the list were one row.
	Label string `json:"label"`
	Kind  Kind   `json:"kind"`
	// Unit, Min and Max (in stored units) for KindInt.
	Unit Unit  `json:"unit,omitempty"`
	Min  int64 `json:"min"`
	Max  int64 `json:"max"`
	// Values are the allowed words of KindEnum and KindSet; Optional lets
	// KindEnum be "" too (none).
	Values   []string `json:"values,omitempty"`
	Optional bool     `json:"optional,omitempty"`
	// ValueLabels prefixes a value to make its label; empty means Label+".".
	ValueLabels string `json:"value_labels,omitempty"`
	// Fields are the members of KindObject and of each row of KindList.
	Fields []Field `json:"fields,omitempty"`
	// Rules hold across the members of KindObject or the items of KindSet
	// and KindList.
	Rules []Rule `json:"rules,omitempty"`
}

// ValueLabel is the message key of an allowed value of KindEnum or KindSet.
func (f Field) ValueLabel(v string) string {
	if v == "" {
		return "policy.enum.none"
	}
	if f.ValueLabels != "" {
		return f.ValueLabels + v
	}
	return f.Label + "." + v
}

// Unit is what a number counts, as stored. A form shows it divided by
// Scale, in the unit named by Label.
type Unit string

// The units.
const (
	Fen      Unit = "fen"      // money, shown in yuan
	Score100 Unit = "score100" // a score x100, shown in points
	Points   Unit = "points"   // whole points of a score
	Percent  Unit = "percent"
	Workdays Unit = "workdays" // working days of the official calendar
	Days     Unit = "days"     // calendar days
	Months   Unit = "months"
	Years    Unit = "years"
	Bytes    Unit = "bytes" // shown in megabytes
	// Institutions and Projects count them; Count counts anything else
	// (records, objections: 项).
	Institutions Unit = "institutions"
	Projects     Unit = "projects"
	Count        Unit = "count"
)

var units = map[Unit]struct {
	scale int64
	label string
}{
	Fen:          {100, "policy.unit.yuan"},
	Score100:     {100, "policy.unit.points"},
	Points:       {1, "policy.unit.points"},
	Percent:      {1, "policy.unit.percent"},
	Workdays:     {1, "policy.unit.workdays"},
	Days:         {1, "policy.unit.days"},
	Months:       {1, "policy.unit.months"},
	Years:        {1, "policy.unit.years"},
	Bytes:        {1 << 20, "policy.unit.megabytes"},
	Institutions: {1, "policy.unit.institutions"},
	Projects:     {1, "policy.unit.projects"},
	Count:        {1, "policy.unit.count"},
}

// Scale is how many stored units make one shown: 100 fen to the yuan, 100
// to a point of a score stored x100, 1 MB of bytes; 1 otherwise.
func (u Unit) Scale() int64 { return units[u].scale }

// Label is the message key of the unit as shown ("policy.unit.yuan").
func (u Unit) Label() string { return units[u].label }

// Rule is a condition across the members of an object or the rows of a
// list. Its label is the message key saying it, "policy.rule.<kind>".
type Rule struct {
	Kind RuleKind `json:"kind"`
	// Fields names the members the rule reads: for RuleOrder the lower
	// then the higher; for the others the row's member.
	Fields []string `json:"fields,omitempty"`
}

// RuleKind names a rule.
type RuleKind string

// The rules.
const (
	// RuleSum100: the object's numbers add up to 100 (weights in percent).
	RuleSum100 RuleKind = "sum100"
	// RuleOrder: Fields[0] is not above Fields[1] (a minimum and a maximum).
	RuleOrder RuleKind = "order"
	// RuleBandsDown: rows strictly descending by Fields[0], the last at 0,
	// so that every score falls in one band (grade bands, coefficients).
	RuleBandsDown RuleKind = "bands_down"
	// RuleBandsUp: rows strictly ascending by Fields[0], the first at 0
	// (the fund size table).
	RuleBandsUp RuleKind = "bands_up"
	// RuleUnique: no two rows have the same Fields[0]; without Fields, no
	// two items of a set are the same.
	RuleUnique RuleKind = "unique"
)

// Label is the message key of the rule.
func (r Rule) Label() string { return "policy.rule." + string(r.Kind) }

// decls are the declarations by key, labelled; order is their keys sorted.
var decls, order = func() (map[string]Decl, []string) {
	m := make(map[string]Decl, len(declarations))
	ks := make([]string, 0, len(declarations))
	for _, d := range declarations {
		if _, dup := m[d.Key]; dup {
			panic("policy: key declared twice: " + d.Key)
		}
		d.Field = labelled(d.Field, "policy."+d.Key)
		if !d.fits(d.Default) {
			panic("policy: the default of " + d.Key + " does not have its declared shape")
		}
		m[d.Key] = d
		ks = append(ks, d.Key)
	}
	slices.Sort(ks)
	return m, ks
}()

// labelled returns f with its label and its members' labels filled in
// below label, except those declared.
func labelled(f Field, label string) Field {
	if f.Label == "" {
		f.Label = label
	}
	if len(f.Fields) > 0 {
		f.Fields = slices.Clone(f.Fields)
		for i, m := range f.Fields {
			f.Fields[i] = labelled(m, f.Label+"."+m.Name)
		}
	}
	return f
}

// Decls returns every declaration, sorted by key.
func Decls() []Decl {
	out := make([]Decl, len(order))
	for i, k := range order {
		out[i] = decls[k]
	}
	return out
}

// Lookup returns the declaration of key.
func Lookup(key string) (Decl, bool) {
	d, ok := decls[key]
	return d, ok
}

// MessageKeys returns every message key the declarations name (labels of
// fields, values, units and rules) and the reasons Check gives.
func MessageKeys() []string {
	seen := map[string]bool{}
	var walk func(f Field)
	walk = func(f Field) {
		seen[f.Label] = true
		if f.Kind == KindInt {
			seen[f.Unit.Label()] = true
		}
		for _, v := range f.Values {
			seen[f.ValueLabel(v)] = true
		}
		if f.Optional {
			seen[f.ValueLabel("")] = true
		}
		for _, r := range f.Rules {
			seen[r.Label()] = true
		}
		for _, m := range f.Fields {
			walk(m)
		}
	}
	for _, d := range decls {
		walk(d.Field)
	}
	for _, r := range reasons {
		seen[r] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// The builders keys.go declares with.

func decl(key, def string, f Field) Decl {
	return Decl{Key: key, Default: json.RawMessage(strings.TrimSpace(def)), Field: f}
}

func num(u Unit, lo, hi int64) Field { return Field{Kind: KindInt, Unit: u, Min: lo, Max: hi} }

func flag() Field { return Field{Kind: KindBool} }

// oneOf is a word of values; labels prefixes their labels ("" for the
// field's own).
func oneOf(labels string, values ...string) Field {
	return Field{Kind: KindEnum, Values: values, ValueLabels: labels}
}

func setOf(labels string, values ...string) Field {
	return Field{Kind: KindSet, Values: values, ValueLabels: labels, Rules: []Rule{rule(RuleUnique)}}
}

func object(members ...Field) Field { return Field{Kind: KindObject, Fields: members} }

func rows(members ...Field) Field { return Field{Kind: KindList, Fields: members} }

func member(name string, f Field) Field {
	f.Name = name
	return f
}

func (f Field) with(rules ...Rule) Field {
	f.Rules = append(slices.Clone(f.Rules), rules...)
	return f
}

func rule(kind RuleKind, fields ...string) Rule { return Rule{Kind: kind, Fields: fields} }
