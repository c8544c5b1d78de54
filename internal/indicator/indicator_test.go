package indicator

import (
	"encoding/json"
	"testing"

	"evalcred/internal/apperr"
)

func TestDefaultTemplateIsValid(t *testing.T) {
	d := Default()
	if err := d.Indicators.Validate(); err != nil {
		t.Fatalf("default template: %v", err)
	}
	if rows := d.Indicators.Rows(); len(rows) < 30 || rows[0].Absolute != Full/5 {
		t.Errorf("rows: %d, first %v", len(rows), rows[0].Absolute)
	}
}

func TestValidateNamesTheNode(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(t Tree)
		field string
	}{
		{"level 1 weights", func(t Tree) { t[0].Weight = 2500 }, "indicators"},
		{"level 2 weights", func(t Tree) { t[0].Children[1].Weight = 3900 }, "indicators.决策"},
		{"level 3 weights", func(t Tree) { t[1].Children[0].Children[2].Weight = 1 }, "indicators.过程.资金管理"},
		{"level 1 name", func(t Tree) { t[3].Name = "影响" }, "indicators"},
		{"missing name", func(t Tree) { t[2].Children[0].Name = "" }, "indicators.产出"},
		{"too deep", func(t Tree) { t[2].Children[0].Children[0].Children = []Node{{Name: "x", Weight: Full}} }, "indicators.产出.产出数量.实际完成率"},
	}
	for _, c := range cases {
		tr := Default().Indicators
		c.edit(tr)
		err := tr.Validate()
		e := apperr.As(err)
		if err == nil || e.Code != apperr.Invalid || e.Fields[c.field] == "" {
			t.Errorf("%s: %v, want a refusal naming %s", c.name, err, c.field)
		}
	}
}

func TestWeightJSON(t *testing.T) {
	var n Node
	if err := json.Unmarshal([]byte(`{"name":"a","weight":12.5}`), &n); err != nil || n.Weight != 1250 {
		t.Fatalf("12.5 → %v %v", n.Weight, err)
	}
	b, _ := json.Marshal(n)
	if string(b) != `{"name":"a","weight":12.5,"explanation":"","scoring_points":""}` {
		t.Errorf("marshal: %s", b)
	}
	for _, bad := range []string{`1.234`, `-1`, `"x"`, `101`} {
		if err := json.Unmarshal([]byte(`{"weight":`+bad+`}`), &n); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
