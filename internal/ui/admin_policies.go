package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/policy"
	"evalcred/internal/yearclose"
)

// The provincial administrator's policy page: every key's value in force in
// words, and a form for one key in its units, with the what-if of the
// year's close beside it for the keys the close reads.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /admin/policies", u.adminPolicies)
		h("POST /admin/policies", u.adminSetPolicy)
	})
}

// policyRow is a key as the table of values shows it.
type policyRow struct {
	Key, Label, Value string
	Since             calendar.Date
	// Scheduled is a later version already adopted, in words, from Next.
	Scheduled string
	Next      calendar.Date
}

// policyWhatIf is the what-if column: the keys it covers, the year it
// runs on and, once asked, its result.
type policyWhatIf struct {
	Covered bool
	Keys    []string // message keys of the labels of the keys covered
	Year    int
	Years   []int
	Grades  []string
	Result  *yearclose.WhatIf
}

type adminPoliciesData struct {
	On      calendar.Date
	Rows    []policyRow
	Key     string
	Label   string
	Default string
	Form    policyInput
	WhatIf  policyWhatIf
}

// policiesPage builds the page for the key chosen (the first when none),
// its form filled from src, or from the value in force when src is nil.
func (u *UI) policiesPage(r *http.Request, a *auth.Actor, key string, src url.Values, errs apperr.Fields) (*Page, error) {
	on := calendar.DateOf(u.now())
	entries, err := u.S.Policy.Current(r.Context(), a, on)
	if err != nil {
		return nil, err
	}
	p := u.page(r, "admin.policies.title", nil)
	d := &adminPoliciesData{On: on}
	decl, ok := policy.Lookup(key)
	if !ok {
		decl, _ = policy.Lookup(policy.Keys()[0])
	}
	d.Key = decl.Key
	for _, e := range entries {
		ed, _ := policy.Lookup(e.Key)
		row := policyRow{Key: e.Key, Label: ed.Label, Value: policySummary(p.Lang, ed, e.Value), Since: e.EffectiveFrom}
		if e.Scheduled != nil {
			row.Scheduled, row.Next = policySummary(p.Lang, ed, e.Scheduled.Value), e.Scheduled.EffectiveFrom
		}
		d.Rows = append(d.Rows, row)
		if e.Key == d.Key && src == nil {
			src = policyValues(ed, e.Value)
		}
	}
	d.Label, d.Default = decl.Label, policySummary(p.Lang, decl, decl.Default)
	beside, all := policyReasons(p.Lang, policyForm(decl, src, nil), errs)
	if msg, ok := errs["effective_from"]; ok {
		beside["effective_from"] = p.T(msg)
		all = append(all, p.T("admin.policies.effective_from")+p.T("pickers.colon")+p.T(msg))
	}
	d.Form = policyForm(decl, src, beside)
	if len(all) > 0 {
		p.Error = p.T("pickers.policy.refused", strings.Join(all, p.T("pickers.policy.part_sep")))
		p.Fields = map[string]string{"effective_from": beside["effective_from"]}
	}
	d.WhatIf = policyWhatIf{Covered: slices.Contains(yearclose.WhatIfKeys, d.Key), Year: on.Y - 1, Grades: yearclose.GradeOrder}
	for _, k := range yearclose.WhatIfKeys {
		d.WhatIf.Keys = append(d.WhatIf.Keys, "policy."+k)
	}
	for y := on.Y - 1; y >= on.Y-5; y-- {
		d.WhatIf.Years = append(d.WhatIf.Years, y)
	}
	if y, err := strconv.Atoi(src.Get("year")); err == nil && slices.Contains(d.WhatIf.Years, y) {
		d.WhatIf.Year = y
	}
	p.Data = d
	p.Form = src
	return p, nil
}

func (u *UI) adminPolicies(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	p, err := u.policiesPage(r, a, r.URL.Query().Get("key"), nil, nil)
	u.render(w, r, "admin_policies", p, err)
}

// adminSetPolicy adopts the draft as a new version, or with the what-if
// button runs the year's close on it and shows what would change, saving
// nothing. A draft that does not hold comes back with the reasons beside
// the inputs and, in the summary, each field named in words.
func (u *UI) adminSetPolicy(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	if err := a.Require("policy.manage"); err != nil {
		u.fail(w, r, err)
		return
	}
	key := r.PostFormValue("key")
	decl, ok := policy.Lookup(key)
	if !ok {
		u.fail(w, r, apperr.InvalidField("key", "field.policy_key"))
		return
	}
	value, errs := policyDraft(decl, r.PostForm)
	var again func(p *Page)
	switch {
	case len(errs) > 0:
	case r.PostFormValue("whatif") != "":
		year, _ := strconv.Atoi(r.PostFormValue("year"))
		res, err := u.S.YearClose.WhatIf(r.Context(), a, year, yearclose.WhatIfInput{Key: key, Value: value})
		if err != nil {
			errs = fieldsOf(err)
			if errs == nil {
				u.fail(w, r, err)
				return
			}
			break
		}
		again = func(p *Page) { p.Data.(*adminPoliciesData).WhatIf.Result = res }
	default:
		from, err := calendar.ParseDate(strings.TrimSpace(r.PostFormValue("effective_from")))
		if err != nil {
			errs.Add("effective_from", "field.date")
			break
		}
		_, err = u.S.Policy.Set(r.Context(), a, policy.Input{Key: key, Value: value, EffectiveFrom: from, Note: r.PostFormValue("note")})
		if err == nil {
			redirect(w, r, "/admin/policies?key="+key, "policy_adopted")
			return
		}
		if errs = fieldsOf(err); errs == nil {
			u.fail(w, r, err)
			return
		}
	}
	p, err := u.policiesPage(r, a, key, r.PostForm, errs)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	if again != nil {
		again(p)
	}
	u.Engine.Render(w, r, status, "admin_policies", p)
}

// fieldsOf is the field reasons of an invalid input error; nil for any
// other error.
func fieldsOf(err error) apperr.Fields {
	if e := apperr.As(err); e.Code == apperr.Invalid && len(e.Fields) > 0 {
		return apperr.Fields(e.Fields)
	}
	return nil
}
