package region

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"evalcred/internal/datatest"
)

func TestLookup(t *testing.T) {
	tree := Default()
	tests := []struct {
		code   string
		name   string
		level  Level
		parent string
	}{
		{"000000", "全国", Country, ""},
		{"430000", "湖南省", Province, "000000"},
		{"430100", "长沙市", City, "430000"},
		{"430102", "芙蓉区", County, "430100"},
		{"430200", "株洲市", City, "430000"},
		{"110100", "市辖区", City, "110000"},
		{"110101", "东城区", County, "110100"},
		{"441900", "东莞市", City, "440000"}, // city without counties, listed once
	}
	for _, tt := range tests {
		r, ok := tree.Lookup(tt.code)
		want := Region{Code: tt.code, Name: tt.name, Level: tt.level, Parent: tt.parent}
		if !ok || r != want {
			t.Errorf("Lookup(%s) = %+v, %v; want %+v", tt.code, r, ok, want)
		}
	}
	for _, code := range []string{"", "43", "4301", "430199", "999999", "43010x"} {
		if r, ok := tree.Lookup(code); ok {
			t.Errorf("Lookup(%q) = %+v, want not found", code, r)
		}
	}
	if got := tree.MustLookup("430102").Name; got != "芙蓉区" {
		t.Errorf("MustLookup = %s", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustLookup(unknown) did not panic")
		}
	}()
	tree.MustLookup("430199")
}

func TestPathAndFullName(t *testing.T) {
	tree := Default()
	tests := []struct {
		code     string
		path     []string
		fullName string
	}{
		{"430102", []string{"430000", "430100", "430102"}, "湖南省长沙市芙蓉区"},
		{"430100", []string{"430000", "430100"}, "湖南省长沙市"},
		{"430000", []string{"430000"}, "湖南省"},
		{"110101", []string{"110000", "110100", "110101"}, "北京市东城区"},
		{"441900", []string{"440000", "441900"}, "广东省东莞市"},
		{"419001", []string{"410000", "419000", "419001"}, "河南省济源市"},
		{"000000", []string{}, "全国"},
		{"430199", nil, ""},
	}
	for _, tt := range tests {
		var got []string
		if p := tree.Path(tt.code); p != nil {
			got = []string{}
			for _, r := range p {
				got = append(got, r.Code)
			}
		}
		if !reflect.DeepEqual(got, tt.path) {
			t.Errorf("Path(%s) = %v, want %v", tt.code, got, tt.path)
		}
		if got := tree.FullName(tt.code); got != tt.fullName {
			t.Errorf("FullName(%s) = %q, want %q", tt.code, got, tt.fullName)
		}
	}
}

func TestChildrenParentProvinces(t *testing.T) {
	tree := Default()
	provinces := tree.Provinces()
	if len(provinces) != 31 || provinces[0].Code != "110000" || provinces[30].Code != "650000" {
		t.Errorf("Provinces: %d, first %v", len(provinces), provinces[0])
	}
	kids := tree.Children("430100")
	if len(kids) == 0 || kids[0].Code != "430102" {
		t.Fatalf("Children(430100) = %v", kids)
	}
	for i, k := range kids {
		if k.Parent != "430100" || k.Level != County || (i > 0 && kids[i-1].Code >= k.Code) {
			t.Errorf("Children(430100)[%d] = %+v: wrong parent, level or order", i, k)
		}
	}
	if tree.Children("430102") != nil || tree.Children("999999") != nil {
		t.Error("Children of a county or unknown code should be nil")
	}
	if p, ok := tree.Parent("430102"); !ok || p.Code != "430100" {
		t.Errorf("Parent(430102) = %v, %v", p, ok)
	}
	if p, ok := tree.Parent("430000"); !ok || p.Code != RootCode {
		t.Errorf("Parent(430000) = %v, %v", p, ok)
	}
	if _, ok := tree.Parent(RootCode); ok {
		t.Error("root has a parent")
	}
	if tree.Len() != len(tree.Codes()) || tree.Len() < 3000 {
		t.Errorf("Len = %d", tree.Len())
	}
}

func TestIsAncestor(t *testing.T) {
	tree := Default()
	tests := []struct {
		a, b string
		want bool
	}{
		{"430100", "430102", true},
		{"430000", "430102", true},
		{"000000", "430102", true},
		{"430102", "430102", true},
		{"430102", "430100", false},
		{"430100", "430202", false},
		{"430100", "430199", false}, // unknown b
		{"439900", "430102", false}, // unknown a
	}
	for _, tt := range tests {
		if got := tree.IsAncestor(tt.a, tt.b); got != tt.want {
			t.Errorf("IsAncestor(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	good := fstest.MapFS{
		"provinces.csv": {Data: []byte("code,name\n43,\"湖南省\"\n")},
		"cities.csv":    {Data: []byte("code,name,provinceCode\n4301,\"长沙市\",43\n")},
		"areas.csv":     {Data: []byte("code,name,cityCode,provinceCode\n430102,\"芙蓉区\",4301,43\n")},
	}
	if tree, err := Load(good); err != nil || tree.FullName("430102") != "湖南省长沙市芙蓉区" {
		t.Fatalf("Load(good) = %v", err)
	}
	tests := map[string]struct{ file, data string }{
		"unknown parent": {"areas.csv", "code,name,cityCode,provinceCode\n430202,\"荷塘区\",4302,43\n"},
		"wrong city col": {"areas.csv", "code,name,cityCode,provinceCode\n430102,\"芙蓉区\",4302,43\n"},
		"duplicate":      {"areas.csv", "code,name,cityCode,provinceCode\n430102,\"芙蓉区\",4301,43\n430102,\"x\",4301,43\n"},
		"short code":     {"cities.csv", "code,name,provinceCode\n431,\"长沙市\",43\n"},
		"letters":        {"provinces.csv", "code,name\n4A,\"湖南省\"\n"},
		"no header":      {"provinces.csv", "43,\"湖南省\"\n"},
		"missing column": {"cities.csv", "code,name,provinceCode\n4301,\"长沙市\"\n"},
		"empty name":     {"provinces.csv", "code,name\n43,\"\"\n"},
		"wrong province": {"cities.csv", "code,name,provinceCode\n4301,\"长沙市\",42\n"},
	}
	for name, tt := range tests {
		fsys := fstest.MapFS{}
		for k, v := range good {
			fsys[k] = v
		}
		fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
		if _, err := Load(fsys); err == nil {
			t.Errorf("%s: Load succeeded", name)
		}
	}
}

// TestEmbeddedMatchesShared keeps the embedded copy equal to the shared data
// set; it skips where the shared directory is absent.
func TestEmbeddedMatchesShared(t *testing.T) {
	shared := datatest.SameAsShared(t, "divisions", "data", func(f string) bool { return strings.HasSuffix(f, ".csv") || f == "LICENSE" })
	if _, err := Load(os.DirFS(shared)); err != nil {
		t.Errorf("shared data does not load: %v", err)
	}
}
