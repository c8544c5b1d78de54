package demoapp_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

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

var noticeRow = regexp.MustCompile(`<li class="(?:unread)?"><time datetime="([^"]+)">[^<]*</time>[^<]*(?:<a href="([^"]+)">)?`)

// After the overdue reminders have gone out, every demo login reads its
// notices newest first, and each notice's link opens a page it may use
// (the reviewers above the deciders are sent to the institution, not to a
// task they cannot open).
func TestNotificationsNewestFirstAndOpen(t *testing.T) {
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			e := demoapp.New(t, eng)
			e.Clock.Advance(30 * 24 * time.Hour)
			if err := e.App.Services.Review.RemindOverdue(context.Background()); err != nil {
				t.Fatal(err)
			}
			if _, err := e.App.Services.Helpdesk.RemindOverdue(context.Background()); err != nil {
				t.Fatal(err)
			}
			opened := 0
			for _, user := range demoapp.Logins() {
				b := e.Browser(user)
				p := b.Get("/notifications")
				if p.Status != 200 {
					t.Fatalf("%s: notifications %d", user, p.Status)
				}
				rows := noticeRow.FindAllStringSubmatch(p.HTML, -1)
				seen := map[string]bool{}
				for i, r := range rows {
					if i > 0 && r[1] > rows[i-1][1] {
						t.Errorf("%s: notice of %s listed after one of %s", user, r[1], rows[i-1][1])
					}
					href := strings.ReplaceAll(r[2], "&amp;", "&")
					if href == "" || seen[href] {
						continue
					}
					seen[href] = true
					opened++
					if q := b.Get(href); q.Status != 200 {
						t.Errorf("%s: notice links to %s: %d", user, href, q.Status)
					}
				}
			}
			if opened == 0 {
				t.Error("no notice with a link in the whole demo")
			}
		})
	}
}
