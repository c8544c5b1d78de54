package demoapp_test

import (
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest/demoapp"
	"evalcred/internal/db/dbtest"
)

var todoLink = regexp.MustCompile(`<li class="(?:late)?"><a href="([^"]+)">([^<]+)</a>`)

// Every demo login lands on a home page that lists its work of the day,
// and every to-do opens a page that login may use.
func TestHomeShowsEachRoleItsTodos(t *testing.T) {
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			e := demoapp.New(t, eng)
			for _, user := range demoapp.Logins() {
				b := e.Browser(user)
				p := b.Get("/")
				if p.Status != 200 {
					t.Fatalf("%s: home %d", user, p.Status)
				}
				if strings.Contains(p.HTML, "请从上方菜单选择") {
					t.Errorf("%s: home still sends to the menu", user)
				}
				list := p.HTML[strings.Index(p.HTML, `class="todos"`):]
				links := todoLink.FindAllStringSubmatch(list, -1)
				if len(links) == 0 {
					t.Errorf("%s: nothing to do on the home page:\n%s", user, list)
				}
				for _, l := range links {
					href := strings.ReplaceAll(l[1], "&amp;", "&")
					if q := b.Get(href); q.Status != 200 {
						t.Errorf("%s: to-do %q links to %s: %d", user, l[2], href, q.Status)
					}
				}
				t.Logf("%s: %d to-dos", user, len(links))
			}
		})
	}
}
