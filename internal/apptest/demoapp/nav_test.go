package demoapp_test

import (
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest/demoapp"
	"evalcred/internal/db/dbtest"
)

// The menu is grouped by task and marks the page shown; a project's
// timeline marks the stage it is in and those it has passed.
func TestNavGroupsAndCurrentMarks(t *testing.T) {
	e := demoapp.New(t, dbtest.Engines()[0])
	hunan := e.Browser("hunan")
	p := hunan.Get("/institutions?status=active")
	nav := p.HTML[strings.Index(p.HTML, `<nav`):strings.Index(p.HTML, `</nav>`)]
	if n := strings.Count(nav, "<details>"); n < 3 {
		t.Errorf("hunan's menu has %d groups", n)
	}
	if !strings.Contains(nav, `<a href="/institutions" aria-current="page">`) || strings.Count(nav, `aria-current=`) != 1 {
		t.Errorf("the institution list is not the one page marked current:\n%s", nav)
	}
	if !regexp.MustCompile(`<li class="nav-group current"><details><summary>[^<]+</summary>\s*<ul><li><a href="/institutions"`).MatchString(nav) {
		t.Errorf("the group of the current page is not marked:\n%s", nav)
	}
	if p := e.Browser("agency").Get("/"); !strings.Contains(p.HTML, `<a href="/" aria-current="page">`) {
		t.Error("the home page is not marked current")
	}

	list := hunan.Get("/projects?stage=reporting")
	m := regexp.MustCompile(`href="/projects/(\d+)"`).FindStringSubmatch(list.HTML)
	if m == nil {
		t.Fatal("no project in reporting")
	}
	d := hunan.Get("/projects/" + m[1])
	tl := d.HTML[strings.Index(d.HTML, `<ol class="timeline">`):]
	tl = tl[:strings.Index(tl, "</ol>")]
	if strings.Count(tl, `aria-current="step"`) != 1 || strings.Count(tl, `class="stage-done"`) != 4 || strings.Count(tl, `class="stage-todo"`) != 1 {
		t.Errorf("timeline of a project in reporting:\n%s", tl)
	}
	if !regexp.MustCompile(`<li class="stage-current" aria-current="step">报告阶段|<li class="stage-current" aria-current="step">[^<]*<strong`).MatchString(tl) {
		t.Errorf("the current stage is not marked in words:\n%s", tl)
	}
}
