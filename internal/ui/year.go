package ui

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/policy"
	"evalcred/internal/web"
	"evalcred/internal/yearclose"
)

// The year pages: the grade distribution with its charts and tables, the
// close with its progress and report, and the what-if of a draft policy.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /years", u.yearLatest)
		h("GET /years/{year}", u.yearPage)
		h("POST /years/{year}/close", u.yearClose)
		h("POST /years/{year}/what-if", u.yearWhatIf)
		h("GET /year-closes/{id}", u.yearCloseRun)
	})
}

// yearData is what year.html shows.
type yearData struct {
	Year int
	*yearclose.YearView
	Chart      map[string]any
	WhatIf     *yearclose.WhatIf
	WhatIfKeys []string
	CanClose   bool
	CanFees    bool
	Grades     []string
	// WhatIfKey is the key the what-if drafts, WhatIfForm its inputs.
	WhatIfKey  string
	WhatIfForm policyInput
}

func yearOf(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 1900 || y > 2200 {
		return 0, apperr.NotFoundf("year")
	}
	return y, nil
}

func (u *UI) yearLatest(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	http.Redirect(w, r, "/years/"+strconv.Itoa(calendar.DateOf(u.now()).Y-1), http.StatusSeeOther)
}

func (u *UI) yearPageData(r *http.Request) (*Page, error) {
	a := web.Actor(r)
	year, err := yearOf(r)
	if err != nil {
		return nil, err
	}
	v, err := u.S.YearClose.ViewYear(r.Context(), a, year)
	if err != nil {
		return nil, err
	}
	d := &yearData{Year: year, YearView: v, WhatIfKeys: yearclose.WhatIfKeys, Grades: yearclose.GradeOrder, CanClose: a.Can("year.close"),
		CanFees: yearclose.CanReadFees(a) == nil}
	p := u.page(r, "year.close", d)
	if err := u.whatIfForm(r, p, d, nil); err != nil {
		return nil, err
	}
	labels := map[string]string{}
	for _, g := range yearclose.GradeOrder {
		labels[g] = p.T("grade." + g)
	}
	labels["distribution"], labels["by_city"] = p.T("grade.distribution"), p.T("grade.by_city")
	d.Chart = map[string]any{"grades": yearclose.GradeOrder, "total": d.Dist.Total, "by_city": d.Dist.ByCity, "labels": labels}
	return p, nil
}

// whatIfForm fills the what-if's form of the key asked for (the
// consequences when none): from src after a post, otherwise from the value
// in force for those who manage policy and the default for others.
func (u *UI) whatIfForm(r *http.Request, p *Page, d *yearData, errs apperr.Fields) error {
	key := r.FormValue("key")
	if !slices.Contains(yearclose.WhatIfKeys, key) {
		key = "assessment.consequences"
	}
	decl, _ := policy.Lookup(key)
	d.WhatIfKey = key
	src := r.PostForm
	if r.Method != http.MethodPost || !r.PostForm.Has("key") {
		src = policyValues(decl, decl.Default)
		if p.Actor.Can("policy.manage") {
			entries, err := u.S.Policy.Current(r.Context(), p.Actor, calendar.DateOf(u.now()))
			if err != nil {
				return err
			}
			for _, e := range entries {
				if e.Key == key {
					src = policyValues(decl, e.Value)
				}
			}
		}
	}
	beside, all := policyReasons(p.Lang, policyForm(decl, src, nil), errs)
	d.WhatIfForm = policyForm(decl, src, beside)
	if len(all) > 0 {
		p.Error = p.T("pickers.policy.refused", strings.Join(all, p.T("pickers.policy.part_sep")))
	}
	return nil
}

func (u *UI) yearPage(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	p, err := u.yearPageData(r)
	u.render(w, r, "year", p, err)
}

func (u *UI) yearClose(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	year, err := yearOf(r)
	var run *yearclose.Run
	if err == nil {
		run, err = u.S.YearClose.Start(r.Context(), a, year)
	}
	to := ""
	if err == nil {
		to = "/year-closes/" + strconv.FormatInt(run.ID, 10)
	}
	u.posted(w, r, err, to, "close_started", "year", func() (*Page, error) { return u.yearPageData(r) })
}

func (u *UI) yearWhatIf(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	p, err := u.yearPageData(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	// Those who may not run a what-if are told so before their draft is read.
	if !a.Can("policy.manage") {
		if err := a.Require("year.close"); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	d := p.Data.(*yearData)
	decl, _ := policy.Lookup(d.WhatIfKey)
	value, errs := policyDraft(decl, r.PostForm)
	if len(errs) == 0 {
		res, err := u.S.YearClose.WhatIf(r.Context(), a, d.Year, yearclose.WhatIfInput{Key: d.WhatIfKey, Value: value})
		if errs = fieldsOf(err); err != nil && errs == nil {
			u.fail(w, r, err)
			return
		}
		d.WhatIf = res
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
		if err := u.whatIfForm(r, p, d, errs); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	u.Engine.Render(w, r, status, "year", p)
}

// yearCloseRun shows a run's progress: while it runs the bar refreshes every
// second by htmx (the fragment), and by a meta refresh without JavaScript;
// once done, the report of what it changed.
func (u *UI) yearCloseRun(w http.ResponseWriter, r *http.Request) {
	showByID(u, w, r, "year close", "year_close", "year.run_title", u.S.YearClose.ViewRun)
}
