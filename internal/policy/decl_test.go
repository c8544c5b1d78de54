package policy_test

import (
	"encoding/json"
	"slices"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/credit"
	"evalcred/internal/fee"
	"evalcred/internal/locale"
	"evalcred/internal/policy"
	"evalcred/internal/registry"
	"evalcred/internal/yearclose"
)

// Every default holds its own declaration: shape, ranges, words and rules.
func TestDefaultsHoldTheirDeclarations(t *testing.T) {
	for _, d := range policy.Decls() {
		if err := d.Check(d.Default); err != nil {
			t.Errorf("%s: default %s: %v", d.Key, d.Default, err)
		}
	}
}

// Every label, value, unit and rule of the declarations is translated in
// both languages.
func TestDeclarationsHaveLabels(t *testing.T) {
	keys := policy.MessageKeys()
	for _, k := range keys {
		for _, lang := range locale.Languages {
			if !locale.Has(lang, k) {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
	}
	for _, d := range policy.Decls() {
		if !slices.Contains(keys, "policy."+d.Key) {
			t.Errorf("%s is not labelled policy.%s", d.Key, d.Key)
		}
	}
}

// Every number has a known unit and a range that holds its default, and
// fen and scores x100 are shown in yuan and points.
func TestNumbersHaveUnits(t *testing.T) {
	var walk func(f policy.Field)
	walk = func(f policy.Field) {
		if f.Kind == policy.KindInt && (f.Unit.Scale() <= 0 || f.Unit.Label() == "" || f.Min > f.Max) {
			t.Errorf("%s: unit %q (scale %d, label %q), range %d-%d", f.Label, f.Unit, f.Unit.Scale(), f.Unit.Label(), f.Min, f.Max)
		}
		for _, m := range f.Fields {
			walk(m)
		}
	}
	for _, d := range policy.Decls() {
		walk(d.Field)
	}
	if policy.Fen.Scale() != 100 || policy.Score100.Scale() != 100 || policy.Workdays.Scale() != 1 {
		t.Errorf("scales: fen %d, score %d, working days %d", policy.Fen.Scale(), policy.Score100.Scale(), policy.Workdays.Scale())
	}
}

// The words a policy allows are the ones the code that reads it knows.
func TestDeclaredWordsMatchTheCode(t *testing.T) {
	field := func(key string, path ...string) policy.Field {
		d, ok := policy.Lookup(key)
		if !ok {
			t.Fatalf("%s is not declared", key)
		}
		f := d.Field
	next:
		for _, name := range path {
			for _, m := range f.Fields {
				if m.Name == name {
					f = m
					continue next
				}
			}
			t.Fatalf("%s has no member %s", key, name)
		}
		return f
	}
	for _, c := range []struct {
		f    policy.Field
		want []string
	}{
		{field("filing.eligible_types"), registry.Types},
		{field("fee.basis"), []string{fee.BasisPersonDays, fee.BasisFundSize}},
		{field("assessment.consequences", "unqualified_record_severity"), []string{credit.SeverityMinor, credit.SeverityGeneral, credit.SeveritySerious}},
		{field("assessment.grade_bands", "grade"), []string{yearclose.GradeExcellent, yearclose.GradeGood, yearclose.GradeQualified, yearclose.GradeUnqualified}},
	} {
		if !slices.Equal(c.f.Values, c.want) {
			t.Errorf("%s allows %v, the code knows %v", c.f.Label, c.f.Values, c.want)
		}
	}
}

// Check names the field and the reason of each kind of fault.
func TestCheckFindsEachFault(t *testing.T) {
	for _, c := range []struct {
		key, value string
		field      string
		reason     string
	}{
		{"review.level1_due_workdays", `0`, "value", "policy.check.range"},
		{"review.level1_due_workdays", `2.5`, "value", "policy.check.integer"},
		{"review.level1_due_workdays", `"2"`, "value", "policy.check.shape"},
		{"training.required", `1`, "value", "policy.check.shape"},
		{"fee.basis", `"hours"`, "value", "policy.check.value"},
		{"filing.eligible_types", `[]`, "value", "policy.check.count"},
		{"filing.eligible_types", `["law_firm", "bank"]`, "value[1]", "policy.check.value"},
		{"filing.eligible_types", `["law_firm", "law_firm"]`, "value[1]", "policy.rule.unique"},
		{"credit.publication_months", `{"minor": {"min": 0, "max": 0}, "general": {"min": 13, "max": 12}, "serious": {"min": 12, "max": 36}}`,
			"value.general.max", "policy.rule.order"},
		{"credit.publication_months", `{"minor": {"min": 0, "max": 0}, "general": {"min": 3}, "serious": {"min": 12, "max": 36}}`,
			"value.general", "policy.check.shape"},
		{"credit.score", `{"base": 100, "deduct": {"minor": 2, "general": 10, "serious": 300}, "bonus_good": 2, "bonus_max": 10, "decay_years": 3}`,
			"value.deduct.serious", "policy.check.range"},
		{"assessment.weights", `{"scheme_design": 20, "onsite": 25, "timeliness": 15, "rigour": 20, "report": 25}`, "value", "policy.rule.sum100"},
		{"assessment.consequences", `{"consecutive_qualified_years": 2, "consecutive_qualified_suspension_months": 12, "unqualified_suspension_months": 12, "unqualified_record_severity": "grave", "bottom_n": 0, "bottom_n_bar_months": 12}`,
			"value.unqualified_record_severity", "policy.check.value"},
		{"credit.grade_bands", `[{"grade": "A", "min": 9000}, {"grade": "B", "min": 9000}, {"grade": "D", "min": 0}]`, "value[1].min", "policy.rule.bands_down"},
		{"credit.grade_bands", `[{"grade": "A", "min": 9000}, {"grade": "B", "min": 6000}]`, "value[1].min", "policy.rule.bands_down"},
		{"credit.grade_bands", `[{"grade": "A", "min": 9000}, {"grade": "A", "min": 0}]`, "value[1].grade", "policy.rule.unique"},
		{"credit.grade_bands", `[{"grade": "E", "min": 0}]`, "value[0].grade", "policy.check.value"},
		{"fee.coefficients", `[{"min": 9000, "percent": 120}, {"min": 0, "percent": 0}]`, "value[0].percent", "policy.check.range"},
		{"fee.fund_size_table", `[{"min_amount_fen": 100, "basic_fen": 1}]`, "value[0].min_amount_fen", "policy.rule.bands_up"},
		{"fee.fund_size_table", `[{"min_amount_fen": 0, "basic_fen": 1}, {"min_amount_fen": 0, "basic_fen": 2}]`, "value[1].min_amount_fen", "policy.rule.bands_up"},
		{"fee.fund_size_table", `{}`, "value", "policy.check.shape"},
	} {
		d, _ := policy.Lookup(c.key)
		e := apperr.As(d.Check(json.RawMessage(c.value)))
		if e == nil || e.Fields[c.field] != c.reason {
			t.Errorf("%s %s: %v, want %s at %s", c.key, c.value, e, c.reason, c.field)
		}
	}
	// A value that holds: assessment consequences without a record.
	d, _ := policy.Lookup("assessment.consequences")
	if err := d.Check(json.RawMessage(`{"consecutive_qualified_years": 0, "consecutive_qualified_suspension_months": 0, "unqualified_suspension_months": 12, "unqualified_record_severity": "", "bottom_n": 5, "bottom_n_bar_months": 12}`)); err != nil {
		t.Errorf("consequences without a record: %v", err)
	}
}
