package region

import "testing"

// A spreadsheet names a region by its code, its full name or the end of
// it; a name that fits two regions, or none inside the scope, is not read.
func TestFindByName(t *testing.T) {
	tree := Default()
	hunan, changsha := Scope{Code: "430000"}, Scope{Code: "430100"}
	for _, c := range []struct {
		name  string
		scope Scope
		want  string
	}{
		{"430102", hunan, "430102"},
		{"湖南省长沙市芙蓉区", hunan, "430102"},
		{"长沙市芙蓉区", hunan, "430102"},
		{" 芙蓉区 ", changsha, "430102"},
		{"长沙市", hunan, "430100"},
		{"湖南省", hunan, "430000"},
		{"朝阳区", Scope{Code: RootCode}, ""},
		{"北京市朝阳区", Scope{Code: RootCode}, "110105"},
		{"北京市朝阳区", hunan, ""},
		{"芙蓉", hunan, ""},
		{"", hunan, ""},
		{"999999", hunan, ""},
	} {
		got, ok := tree.Find(c.name, c.scope)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Find(%q, %s) = %q, %v; want %q", c.name, c.scope.Code, got, ok, c.want)
		}
	}
}
