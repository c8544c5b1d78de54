package ui

import (
	"strings"

	"evalcred/internal/auth"
)

// navLink is one entry of the main navigation, shown to those show admits.
type navLink struct {
	Key, Href string
	show      func(a *auth.Actor) bool
}

// navGroup is a heading of the navigation with the links under it: the
// menu is grouped by the task a person comes to do, not by table.
type navGroup struct {
	Key   string
	Links []navLink
}

func can(perms ...string) func(a *auth.Actor) bool {
	return func(a *auth.Actor) bool {
		for _, p := range perms {
			if a.Can(p) {
				return true
			}
		}
		return false
	}
}

func forInstitution(perms ...string) func(a *auth.Actor) bool {
	return func(a *auth.Actor) bool {
		return a.ForInstitution() && (len(perms) == 0 || can(perms...)(a))
	}
}

var navGroups = []navGroup{
	{"home.nav.work", []navLink{
		{"nav.filing", "/filing", forInstitution()},
		{"nav.my_credit", "/my/credit", can("credit.view_own")},
		{"relations.title", "/my/relations", forInstitution("project.team_work")},
		{"nav.registrations", "/registrations", can("registration.review")},
		{"nav.reviews", "/reviews", can("review.level1", "review.level2")},
		{"nav.questions", "/questions", can("question.ask", "question.answer")},
	}},
	{"home.nav.credit", []navLink{
		{"nav.institutions", "/institutions", can("institution.view")},
		{"nav.credit", "/credit-records", can("credit.view")},
	}},
	{"home.nav.projects", []navLink{
		{"nav.projects", "/projects", can("project.manage", "project.view", "project.review_report", "project.team_work")},
		{"nav.spot_checks", "/spot-checks", can("spotcheck.manage")},
		{"nav.training", "/training", can("training.manage", "training.enrol")},
		{"nav.assessment", "/my/grades", forInstitution()},
		{"nav.assessment", "/years", can("year.close", "statistics.view")},
	}},
	{"home.nav.oversight", []navLink{
		{"nav.dashboard", "/dashboard", can("dashboard.view")},
		{"nav.statistics", "/statistics", can("statistics.view", "dashboard.view")},
		{"nav.audit", "/audit", can("audit.view")},
	}},
	{"home.nav.system", []navLink{
		{"nav.admin_users", "/admin/users", can("user.manage", "user.reset_institution")},
		{"nav.admin_policies", "/admin/policies", can("policy.manage")},
		{"nav.imports", "/imports", can("import")},
	}},
}

// NavGroup is a group of the navigation as the viewer sees it.
type NavGroup struct {
	Key     string
	Links   []NavLink
	Current bool
}

// NavLink is one link the viewer may follow; Current marks the page shown.
type NavLink struct {
	Key, Href string
	Current   bool
}

// Nav is the viewer's navigation: the groups that hold a link they may
// follow, with the current page marked.
func (p *Page) Nav() []NavGroup {
	if p.Actor == nil {
		return nil
	}
	var out []NavGroup
	for _, g := range navGroups {
		ng := NavGroup{Key: g.Key}
		for _, l := range g.Links {
			if !l.show(p.Actor) {
				continue
			}
			cur := p.Path == l.Href || strings.HasPrefix(p.Path, l.Href+"/")
			ng.Links = append(ng.Links, NavLink{Key: l.Key, Href: l.Href, Current: cur})
			ng.Current = ng.Current || cur
		}
		if len(ng.Links) > 0 {
			out = append(out, ng)
		}
	}
	return out
}

// CurrentPage is aria-current's value for a link to href: "page" when it
// is the page shown.
func (p *Page) CurrentPage(href string) string {
	if p.Path == href || href != "/" && strings.HasPrefix(p.Path, href+"/") {
		return "page"
	}
	return ""
}
