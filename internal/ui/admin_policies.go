package ui

import (
	"encoding/json"
	"net/http"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/policy"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /admin/policies", u.adminPolicies)
		h("POST /admin/policies", u.adminSetPolicy)
	})
}

type adminPoliciesData struct {
	On      calendar.Date
	Entries []policy.Entry
	Keys    []string
}

func (u *UI) adminPoliciesPage(w http.ResponseWriter, r *http.Request, status int, p *Page) {
	on := calendar.DateOf(u.now())
	entries, err := u.S.Policy.Current(r.Context(), p.Actor, on)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	p.Data = adminPoliciesData{On: on, Entries: entries, Keys: policy.Keys()}
	u.Engine.Render(w, r, status, "admin_policies", p)
}

func (u *UI) adminPolicies(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	p := u.page(r, "admin.policies.title", nil)
	p.Form = r.URL.Query()
	u.adminPoliciesPage(w, r, http.StatusOK, p)
}

func (u *UI) adminSetPolicy(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	err := func() error {
		from, err := calendar.ParseDate(strings.TrimSpace(r.PostFormValue("effective_from")))
		if err != nil {
			return apperr.InvalidField("effective_from", "field.date")
		}
		value := strings.TrimSpace(r.PostFormValue("value"))
		if !json.Valid([]byte(value)) {
			return apperr.InvalidField("value", "field.policy_value")
		}
		_, err = u.S.Policy.Set(r.Context(), a, policy.Input{Key: r.PostFormValue("key"), Value: json.RawMessage(value), EffectiveFrom: from, Note: r.PostFormValue("note")})
		return err
	}()
	if err != nil {
		p := u.page(r, "admin.policies.title", nil)
		p.Form = r.PostForm
		u.adminPoliciesPage(w, r, p.withError(r, err), p)
		return
	}
	redirect(w, r, "/admin/policies", "policy_adopted")
}
