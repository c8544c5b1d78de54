// Package indicator holds indicator systems as data: a tree whose first level
// is 决策 (decision), 过程 (process), 产出 (output) and 效益 (benefit), with
// levels 2 and 3 below, each node with a weight, an explanation and scoring
// points. Weights are shares among siblings and must add up to 100 at every
// level, so that a tree is valid on its own, whatever the total points.
//
// Each province keeps a library of templates to copy into projects
// (template.go, its queries in store.go); default_template.json is the
// built-in one every library starts with.
package indicator

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
)

// Level1 are the required first-level indicators, in their usual order.
var Level1 = []string{"决策", "过程", "产出", "效益"}

// MaxDepth is the deepest level a tree may have.
const MaxDepth = 3

// Weight is a share in hundredths of a percent (x100): 12.5% is 1250. JSON
// carries it as a plain number with at most two decimals, parsed exactly (no
// floating point), so that "sums to 100" is an exact integer test.
type Weight int

// Full is 100% as a Weight.
const Full Weight = 10000

// MarshalJSON writes 12.5 for 1250.
func (w Weight) MarshalJSON() ([]byte, error) {
	if w%100 == 0 {
		return []byte(strconv.Itoa(int(w) / 100)), nil
	}
	s := fmt.Sprintf("%d.%02d", w/100, w%100)
	return []byte(strings.TrimRight(s, "0")), nil
}

// UnmarshalJSON accepts a number (or a numeric string, from forms) with at
// most two decimals.
func (w *Weight) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, ok := ParseWeight(s)
	if !ok {
		return apperr.InvalidField("weight", "indicator.weight_format")
	}
	*w = v
	return nil
}

// ParseWeight parses "12.5" into 1250; at most two decimals, not negative.
func ParseWeight(s string) (Weight, bool) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.Atoi(whole)
	f, err2 := strconv.Atoi(frac)
	if err != nil || err2 != nil || n < 0 || n > 100 || strings.HasPrefix(frac, "-") {
		return 0, false
	}
	return Weight(n*100 + f), true
}

// Node is one indicator.
type Node struct {
	Name          string `json:"name"`
	Weight        Weight `json:"weight"`
	Explanation   string `json:"explanation"`
	ScoringPoints string `json:"scoring_points"`
	Children      []Node `json:"children,omitempty"`
}

// Tree is an indicator system: its first-level nodes.
type Tree []Node

// Template is a named tree in the library.
type Template struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	NameEN     string `json:"name_en,omitempty"`
	Builtin    bool   `json:"builtin"`
	Indicators Tree   `json:"indicators"`
}

//go:embed default_template.json
var defaultJSON []byte

// Default returns the built-in template (a fresh copy each time, since
// projects change their copy).
func Default() Template {
	var t Template
	if err := json.Unmarshal(defaultJSON, &t); err != nil {
		panic("indicator: default_template.json: " + err.Error())
	}
	t.Builtin = true
	return t
}

// Validate checks a tree: the four first-level indicators, at most three
// levels, names present and unique among siblings, and sibling weights adding
// up to exactly 100. Each refusal names the node by its path of names
// ("indicators.决策.项目立项"), the path of the node whose children are wrong.
func (t Tree) Validate() error {
	var f apperr.Fields
	if len(t) != len(Level1) {
		f.Add("indicators", "indicator.level1")
	} else {
		for i, n := range t {
			if strings.TrimSpace(n.Name) != Level1[i] {
				f.Add("indicators", "indicator.level1")
			}
		}
	}
	validateLevel(&f, "indicators", t, 1)
	return f.Err()
}

func validateLevel(f *apperr.Fields, path string, nodes []Node, level int) {
	if level > MaxDepth {
		f.Add(path, "indicator.too_deep")
		return
	}
	var sum Weight
	seen := map[string]bool{}
	for _, n := range nodes {
		name := strings.TrimSpace(n.Name)
		p := path + "." + name
		switch {
		case name == "":
			f.Add(path, "indicator.name_required")
		case seen[name]:
			f.Add(p, "indicator.name_duplicate")
		case n.Weight <= 0:
			f.Add(p, "indicator.weight_positive")
		}
		seen[name] = true
		sum += n.Weight
		if len(n.Children) > 0 {
			validateLevel(f, p, n.Children, level+1)
		}
	}
	if len(nodes) > 0 && sum != Full {
		f.Add(path, "indicator.weights_sum")
	}
}

// Row is a node flattened for display, with its level and its share of the
// whole system (x100 of a percent) as a product of the weights above it.
type Row struct {
	Level    int
	Path     string
	Node     *Node
	Absolute Weight
}

// Rows flattens the tree depth first.
func (t Tree) Rows() []Row {
	var out []Row
	var walk func(nodes []Node, level int, path string, parent int64)
	walk = func(nodes []Node, level int, path string, parent int64) {
		for i := range nodes {
			n := &nodes[i]
			abs := parent * int64(n.Weight) / int64(Full)
			p := strings.TrimPrefix(path+"."+n.Name, ".")
			out = append(out, Row{Level: level, Path: p, Node: n, Absolute: Weight(abs)})
			walk(n.Children, level+1, p, abs)
		}
	}
	walk(t, 1, "", int64(Full))
	return out
}
