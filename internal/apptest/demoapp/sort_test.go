package demoapp_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"evalcred/internal/apptest/demoapp"
	"evalcred/internal/db/dbtest"
)

// Each list sorts by the column a person clicks: the header links to the
// order, marks the current one (aria-sort), and a second click reverses
// it; a sort the list does not offer is ignored.
func TestListsSortByTheirColumns(t *testing.T) {
	lists := []struct {
		user, path, row, key string
	}{
		{"hunan", "/institutions", `href="/institutions/(\d+)"`, "name"},
		{"hunan", "/credit-records", `href="/credit-records/(\d+)"`, "institution"},
		{"hunan", "/projects", `href="/projects/(\d+)"`, "stage"},
		{"admin", "/institutions?status=active", `href="/institutions/(\d+)"`, "uscc"},
		{"hunan", "/questions", `href="/questions/(\d+)"`, "due"},
		{"changsha", "/registrations?state=", `href="/registrations/(\d+)"`, "name"},
	}
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			e := demoapp.New(t, eng)
			for _, l := range lists {
				b := e.Browser(l.user)
				row := regexp.MustCompile(l.row)
				ids := func(path string) ([]string, string) {
					t.Helper()
					p := b.Get(path)
					if p.Status != 200 {
						t.Fatalf("%s %s: %d", l.user, path, p.Status)
					}
					table := p.HTML[strings.Index(p.HTML, "<table"):]
					var out []string
					for _, m := range row.FindAllStringSubmatch(table, -1) {
						if !slices.Contains(out, m[1]) {
							out = append(out, m[1])
						}
					}
					return out, table[:strings.Index(table, "</thead>")]
				}
				sep := "?"
				if strings.Contains(l.path, "?") {
					sep = "&"
				}
				def, head := ids(l.path)
				if len(def) < 3 {
					t.Fatalf("%s: only %d rows to sort", l.path, len(def))
				}
				link := regexp.MustCompile(`<a class="sort" href="([^"]*sort=` + l.key + `[^"]*)"`).FindStringSubmatch(head)
				if link == nil {
					t.Fatalf("%s: no header link to sort by %s:\n%s", l.path, l.key, head)
				}
				asc, head := ids(strings.ReplaceAll(link[1], "&amp;", "&"))
				if slices.Equal(asc, def) {
					t.Errorf("%s: sorting by %s changes nothing: %v", l.path, l.key, asc)
				}
				if !strings.Contains(head, `aria-sort="ascending"`) {
					t.Errorf("%s sorted by %s: the header does not mark it", l.path, l.key)
				}
				desc, head := ids(l.path + sep + "sort=" + l.key + "&dir=desc")
				if !strings.Contains(head, `aria-sort="descending"`) || slices.Equal(desc, asc) {
					t.Errorf("%s by %s descending: %v, ascending %v", l.path, l.key, desc, asc)
				}
				if bad, _ := ids(l.path + sep + "sort=drop_table&dir=sideways"); !slices.Equal(bad, def) {
					t.Errorf("%s: an unknown sort changed the order", l.path)
				}
			}
		})
	}
}
