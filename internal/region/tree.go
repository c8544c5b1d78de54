package region

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// divisionData is the GB/T 2260 table split into three CSV files (see
// data/SOURCE.md).
//
//go:embed data/*.csv
var divisionData embed.FS

// Tree is the division tree. It is immutable after loading and safe for
// concurrent use.
type Tree struct {
	nodes    map[string]Region
	children map[string][]string // parent code → child codes, sorted
}

// Default returns the tree of the embedded division data, parsed on first
// use and shared.
func Default() *Tree { return defaultTree() }

var defaultTree = sync.OnceValue(func() *Tree {
	sub, err := fs.Sub(divisionData, "data")
	if err == nil {
		var t *Tree
		if t, err = Load(sub); err == nil {
			return t
		}
	}
	// The data is compiled in and covered by tests, so this is a build defect.
	panic(fmt.Sprintf("region: embedded division data: %v", err))
})

// Load builds a tree from provinces.csv (code,name), cities.csv
// (code,name,provinceCode) and areas.csv (code,name,cityCode,provinceCode)
// at the root of fsys, with the short codes of the source (2, 4 and 6
// digits). Every node's parent must exist and no code may repeat.
func Load(fsys fs.FS) (*Tree, error) {
	t := &Tree{nodes: map[string]Region{}, children: map[string][]string{}}
	t.add(Region{Code: RootCode, Name: "全国", Level: Country})
	files := []struct {
		name  string
		level Level
		width int // digits of the code in the file
	}{
		{"provinces.csv", Province, 2},
		{"cities.csv", City, 4},
		{"areas.csv", County, 6},
	}
	for _, f := range files {
		rows, err := readCSV(fsys, f.name)
		if err != nil {
			return nil, err
		}
		for i, row := range rows {
			r, err := parseRow(row, f.level, f.width)
			if err != nil {
				return nil, fmt.Errorf("region: %s line %d: %w", f.name, i+2, err)
			}
			// Cities without counties (东莞 4419, 中山 4420, 儋州 4604) repeat
			// themselves as a county row 441900; padded, it is the city's own
			// code, so the city node already stands for it.
			if prev, dup := t.nodes[r.Code]; dup && r.Level == County && prev.Level == City && prev.Name == r.Name {
				continue
			}
			if _, dup := t.nodes[r.Code]; dup {
				return nil, fmt.Errorf("region: %s line %d: duplicate code %s", f.name, i+2, r.Code)
			}
			if _, ok := t.nodes[r.Parent]; !ok {
				return nil, fmt.Errorf("region: %s line %d: %s has unknown parent %s", f.name, i+2, r.Code, r.Parent)
			}
			t.add(r)
		}
	}
	for _, kids := range t.children {
		slices.Sort(kids)
	}
	return t, nil
}

func (t *Tree) add(r Region) {
	t.nodes[r.Code] = r
	if r.Level != Country {
		t.children[r.Parent] = append(t.children[r.Parent], r.Code)
	}
}

// readCSV returns the rows of a file without its header line.
func readCSV(fsys fs.FS, name string) ([][]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("region: %w", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("region: %s: %w", name, err)
	}
	if len(rows) == 0 || rows[0][0] != "code" {
		return nil, fmt.Errorf("region: %s: missing header", name)
	}
	return rows[1:], nil
}

// parseRow turns a CSV row with a short code into a Region with six-digit
// codes. The parent is derived from the code itself rather than from the
// parent columns, then checked against them, so that an inconsistent row is
// refused instead of silently misplaced.
func parseRow(row []string, level Level, width int) (Region, error) {
	// A level-n file has n+1 columns: code, name and one per ancestor level.
	if len(row) != int(level)+1 {
		return Region{}, fmt.Errorf("want %d columns, got %q", int(level)+1, row)
	}
	if len(row[0]) != width || !validCode(pad(row[0])) {
		return Region{}, fmt.Errorf("bad code in %q", row)
	}
	short := row[0]
	r := Region{Code: pad(short), Name: strings.TrimSpace(row[1]), Level: level, Parent: RootCode}
	if r.Name == "" {
		return Region{}, fmt.Errorf("%s has no name", short)
	}
	if level > Province {
		r.Parent = pad(short[:width-2])
		if row[len(row)-1] != short[:2] { // last column is provinceCode
			return Region{}, fmt.Errorf("%s lists province %s", short, row[len(row)-1])
		}
	}
	if level == County && row[2] != short[:4] {
		return Region{}, fmt.Errorf("%s lists city %s", short, row[2])
	}
	return r, nil
}

// pad extends a 2- or 4-digit code to six digits: "43" → "430000".
func pad(short string) string { return short + strings.Repeat("0", 6-len(short)) }

// Lookup returns the region with a six-digit code.
func (t *Tree) Lookup(code string) (Region, bool) {
	r, ok := t.nodes[code]
	return r, ok
}

// MustLookup is Lookup for codes known at compile time; it panics if code is
// unknown.
func (t *Tree) MustLookup(code string) Region {
	r, ok := t.nodes[code]
	if !ok {
		panic(fmt.Sprintf("region: unknown code %q", code))
	}
	return r
}

// Children returns the direct children of code sorted by code; nil for a
// county or an unknown code.
func (t *Tree) Children(code string) []Region {
	kids := t.children[code]
	if len(kids) == 0 {
		return nil
	}
	out := make([]Region, len(kids))
	for i, c := range kids {
		out[i] = t.nodes[c]
	}
	return out
}

// Provinces returns the province-level regions sorted by code.
func (t *Tree) Provinces() []Region { return t.Children(RootCode) }

// Parent returns the parent of code; false for the root or an unknown code.
func (t *Tree) Parent(code string) (Region, bool) {
	r, ok := t.nodes[code]
	if !ok || r.Level == Country {
		return Region{}, false
	}
	return t.nodes[r.Parent], true
}

// Path returns the regions from the province down to code itself, without
// the root: [湖南省 长沙市 芙蓉区] for 430102. It is empty for the root and
// nil for an unknown code.
func (t *Tree) Path(code string) []Region {
	r, ok := t.nodes[code]
	if !ok {
		return nil
	}
	path := make([]Region, 0, int(r.Level))
	for r.Level != Country {
		path = append(path, r)
		r = t.nodes[r.Parent]
	}
	slices.Reverse(path)
	return path
}

// FullName returns the address-style name of code, e.g. 湖南省长沙市芙蓉区 or
// 北京市东城区 (placeholder city nodes are skipped). It returns 全国 for the
// root and "" for an unknown code.
func (t *Tree) FullName(code string) string {
	if code == RootCode {
		return t.nodes[RootCode].Name
	}
	var b strings.Builder
	for _, r := range t.Path(code) {
		if !r.IsPlaceholder() {
			b.WriteString(r.Name)
		}
	}
	return b.String()
}

// IsAncestor reports whether a is b or one of b's ancestors in the tree.
// Unknown codes are never related.
func (t *Tree) IsAncestor(a, b string) bool {
	r, ok := t.nodes[b]
	if _, known := t.nodes[a]; !ok || !known {
		return false
	}
	for {
		if r.Code == a {
			return true
		}
		if r.Level == Country {
			return false
		}
		r = t.nodes[r.Parent]
	}
}

// Len returns the number of regions, the root included.
func (t *Tree) Len() int { return len(t.nodes) }

// Codes returns every code in the tree, sorted.
func (t *Tree) Codes() []string {
	codes := make([]string, 0, len(t.nodes))
	for c := range t.nodes {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// Find returns the code of the region inside scope that a person named: its
// six-digit code, its full name (湖南省长沙市芙蓉区) or the end of it
// (长沙市芙蓉区, 芙蓉区), when exactly one region inside scope answers to it.
// A known code is returned whatever the scope, for the caller to refuse as
// outside it. People filling a spreadsheet write names, not codes.
func (t *Tree) Find(name string, scope Scope) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	if validCode(name) {
		if _, ok := t.nodes[name]; !ok {
			return "", false
		}
		return name, true
	}
	found := ""
	for code := range t.nodes {
		if code == RootCode || !scope.Contains(code) {
			continue
		}
		full := t.FullName(code)
		switch {
		case full == name:
			return code, true
		case strings.HasSuffix(full, name):
			if found != "" {
				return "", false
			}
			found = code
		}
	}
	return found, found != ""
}
