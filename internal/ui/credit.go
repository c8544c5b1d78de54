package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/web"
)

// The credit pages of officials: the list of records in their region with
// filters and an export, and the provincial reviewer's form to propose one.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /credit-records", u.creditList)
		h("GET /credit-records/new", u.creditNewForm)
		h("POST /credit-records", u.creditPropose)
	})
}

// creditOptions are the choices of the credit forms' select boxes.
type creditOptions struct {
	States, Kinds, Severities, Categories, SanctionTypes, Scopes []string
}

var options = creditOptions{
	States:        []string{credit.StateProposed, credit.StateObjected, credit.StateEffective, credit.StateVoid, credit.StateRepaired},
	Kinds:         []string{credit.KindBad, credit.KindGood},
	Severities:    []string{credit.SeverityMinor, credit.SeverityGeneral, credit.SeveritySerious},
	Categories:    credit.Categories,
	SanctionTypes: []string{credit.SanctionWarning, credit.SanctionCorrection, credit.SanctionSuspension, credit.SanctionBan},
	Scopes:        []string{credit.ScopeProvince, credit.ScopeAllLevels},
}

// creditListData is what credit_list.html shows.
type creditListData struct {
	creditOptions
	List   credit.RecordList
	Filter credit.RecordFilter
	// pager links to the neighbouring pages (Prev, Next: "" when none).
	pager
	ExportURL string
}

// creditList lists the records the viewer may see, filtered like the API
// (the same query parameters), a page at a time.
func (u *UI) creditList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	f := web.RecordFilter(r)
	off := web.Offset(r)
	list, err := u.S.Credit.ListRecords(r.Context(), a, f, credit.Page{Limit: pageSize, Offset: off})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := creditListData{creditOptions: options, List: list, Filter: f, pager: newPager(r, off, len(list.Items), list.Total),
		ExportURL: apiExport("/api/v1/credit-records", r.URL.Query())}
	u.Engine.Render(w, r, http.StatusOK, "credit_list", u.page(r, "creditweb.list.title", d))
}

// creditNewData is what credit_new.html offers: the credit choices and
// the institutions the picker lists.
type creditNewData struct {
	creditOptions
	Institutions []instOption
}

// creditNewPage is the proposal form filled with form, its picker listing
// the institutions matching the search typed there.
func (u *UI) creditNewPage(r *http.Request, a *auth.Actor, form url.Values) (*Page, error) {
	insts, err := u.institutionOptions(r.Context(), a, form.Get("institution_q"), form.Get("institution"))
	if err != nil {
		return nil, err
	}
	p := u.page(r, "creditweb.new.title", creditNewData{creditOptions: options, Institutions: insts})
	p.Form = form
	return p, nil
}

func (u *UI) creditNewForm(w http.ResponseWriter, r *http.Request) {
	a := u.requirePermission(w, r, "credit.propose")
	if a == nil {
		return
	}
	// A link from an institution's credit page names the institution.
	p, err := u.creditNewPage(r, a, url.Values{"institution": {r.URL.Query().Get("institution")}, "kind": {"bad"}, "severity": {"general"}})
	u.render(w, r, "credit_new", p, err)
}

// creditPropose reads the form into the same input the API takes and has the
// service propose the record; the form comes back with the reasons otherwise,
// or with the institutions found when the picker's find button sent it.
func (u *UI) creditPropose(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	if r.PostFormValue("find") != "" {
		p, err := u.creditNewPage(r, a, r.PostForm)
		u.render(w, r, "credit_new", p, err)
		return
	}
	in, err := u.proposalFromForm(r.Context(), a, r)
	var res credit.ProposeResult
	if err == nil {
		res, err = u.S.Credit.Propose(r.Context(), a, in)
	}
	if err != nil {
		p, perr := u.creditNewPage(r, a, r.PostForm)
		if perr != nil {
			u.fail(w, r, err)
			return
		}
		u.refused(w, r, "credit_new", p, err)
		return
	}
	redirect(w, r, "/credit-records/"+strconv.FormatInt(res.ID, 10), "creditweb_proposed")
}

// proposalFromForm builds a ProposeInput. The form's field names are the
// API's JSON paths (sanction.type, ...), so the service's field errors land
// beside the right inputs; "institution" is the picker's choice (an id; a
// USCC is taken too).
func (u *UI) proposalFromForm(ctx context.Context, a *auth.Actor, r *http.Request) (credit.ProposeInput, error) {
	in := credit.ProposeInput{Kind: r.PostFormValue("kind"), Severity: r.PostFormValue("severity"), Category: r.PostFormValue("category"),
		Facts: r.PostFormValue("facts"), Basis: r.PostFormValue("basis"), PersonIDNumber: strings.TrimSpace(r.PostFormValue("person_id_number"))}
	var f apperr.Fields
	id, err := u.S.Registry.Lookup(ctx, a, r.PostFormValue("institution"))
	if err != nil {
		if !apperr.Is(err, apperr.NotFound) {
			return in, err
		}
		f.Add("institution", "creditweb.field.institution_unknown")
	}
	in.InstitutionID = id
	if typ := r.PostFormValue("sanction.type"); typ != "" {
		sp := &credit.SanctionSpec{Type: typ, Scope: r.PostFormValue("sanction.scope")}
		for name, dst := range map[string]*calendar.Date{"sanction.starts_on": &sp.StartsOn, "sanction.ends_on": &sp.EndsOn} {
			if s := strings.TrimSpace(r.PostFormValue(name)); s != "" {
				d, err := calendar.ParseDate(s)
				if err != nil {
					f.Add(name, "field.date")
				}
				*dst = d
			}
		}
		in.Sanction = sp
	}
	return in, f.Err()
}
