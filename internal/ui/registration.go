package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"evalcred/internal/registry"
	"evalcred/internal/web"
)

// The reviewer's registration queue: approve or reject (with a reason)
// each application of the region, from the list or from its own page.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /registrations", u.registrationList)
		h("GET /registrations/{id}", u.registrationView)
		h("POST /registrations/{id}/approve", u.registrationApprove)
		h("POST /registrations/{id}/reject", u.registrationReject)
	})
}

// pageSize is the rows per page of the reviewers' lists.
const pageSize = 50

// pager is the state of a paged list: where it is and the links around it.
type pager struct {
	Offset, Total, Shown int
	Prev, Next           string
}

// newPager builds the previous/next links of a list at offset showing
// shown rows; total < 0 means unknown (a next link while pages are full).
func newPager(r *http.Request, offset, shown, total int) pager {
	pg := pager{Offset: offset, Total: total, Shown: shown}
	link := func(off int) string {
		q := r.URL.Query()
		q.Del("notice")
		q.Set("offset", strconv.Itoa(off))
		return r.URL.Path + "?" + q.Encode()
	}
	if offset > 0 {
		pg.Prev = link(max(0, offset-pageSize))
	}
	if (total < 0 && shown == pageSize) || (total >= 0 && offset+shown < total) {
		pg.Next = link(offset + pageSize)
	}
	return pg
}

// apiExport is the JSON API's spreadsheet of the list a page shows: the
// same filters, format=xlsx (the API answers cookie sessions too).
func apiExport(path string, q url.Values) string {
	c := url.Values{}
	for k, v := range q {
		if k != "offset" && k != "limit" && k != "notice" && k != "lang" {
			c[k] = v
		}
	}
	c.Set("format", "xlsx")
	return path + "?" + c.Encode()
}

type registrationListData struct {
	State  string
	States []string
	Items  []*registry.Registration
	Pager  pager
	Export string
}

func (u *UI) registrationList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	q := r.URL.Query()
	state := registry.RegPending
	if s, ok := q["state"]; ok {
		state = s[0]
	}
	off := web.Offset(r)
	list, err := u.S.Registry.ListRegistrations(r.Context(), a, state, registry.Page{Limit: pageSize, Offset: off, Sort: registry.RegistrationSorts.Pick(web.SortOf(r))})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := registrationListData{State: state, States: []string{registry.RegPending, registry.RegApproved, registry.RegRejected}, Items: list,
		Pager: newPager(r, off, len(list), -1), Export: apiExport("/api/v1/registrations", url.Values{"state": {state}})}
	u.Engine.Render(w, r, http.StatusOK, "registration_list", u.page(r, "registrations.title", d))
}

func (u *UI) registrationView(w http.ResponseWriter, r *http.Request) {
	showByID(u, w, r, "registration", "registration_view", "registrations.view_title", u.S.Registry.GetRegistration)
}

func (u *UI) registrationApprove(w http.ResponseWriter, r *http.Request) {
	u.registrationDecide(w, r, "")
}

func (u *UI) registrationReject(w http.ResponseWriter, r *http.Request) {
	u.registrationDecide(w, r, "reject")
}

// registrationDecide approves or rejects and goes back to the queue; a
// failure (no reason, decided meanwhile) shows the registration with why.
func (u *UI) registrationDecide(w http.ResponseWriter, r *http.Request, how string) {
	a, id, ok := u.withID(w, r, "registration")
	if !ok {
		return
	}
	var err error
	notice := "reg_approved"
	if how == "reject" {
		notice = "reg_rejected"
		_, err = u.S.Registry.RejectRegistration(r.Context(), a, id, r.PostFormValue("reason"))
	} else {
		_, err = u.S.Registry.ApproveRegistration(r.Context(), a, id)
	}
	u.posted(w, r, err, "/registrations", notice, "registration_view", func() (*Page, error) {
		g, err := u.S.Registry.GetRegistration(r.Context(), a, id)
		if err != nil {
			return nil, err
		}
		return u.page(r, "registrations.view_title", g), nil
	})
}
