package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/region"
	"evalcred/internal/web"
)

// The provincial reviewer's page of bans imposed by other provinces: the
// ones recorded for institutions in their scope, and a form to record one;
// whether the rule recognised it (and so banned the institution here) is
// shown for each.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /foreign-bans", u.foreignBans)
		h("POST /foreign-bans", u.recordForeignBan)
	})
}

type foreignBansData struct {
	Bans      credit.ForeignBanList
	Provinces []region.Region
	// Last is the ban just recorded (after the redirect), 0 when none.
	Last int64
	// Prev and Next link to the neighbouring pages, "" when none.
	Prev, Next string
	// Institutions are what the form's picker lists.
	Institutions []instOption
}

// foreignBansPerPage is the page size of the list.
const foreignBansPerPage = 50

func (u *UI) foreignBansPage(w http.ResponseWriter, r *http.Request, status int, p *Page) {
	offset := web.Offset(r)
	bans, err := u.S.Credit.ListForeignBans(r.Context(), p.Actor, credit.Page{Limit: foreignBansPerPage, Offset: offset})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	last, _ := strconv.ParseInt(r.URL.Query().Get("recorded"), 10, 64)
	insts, err := u.institutionOptions(r.Context(), p.Actor, p.Value("institution_q"), p.Value("institution"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := foreignBansData{Bans: bans, Provinces: region.Default().Provinces(), Last: last, Institutions: insts}
	at := func(off int) string { return "/foreign-bans?offset=" + strconv.Itoa(off) }
	if offset > 0 {
		d.Prev = at(max(0, offset-foreignBansPerPage))
	}
	if offset+len(bans.Items) < bans.Total {
		d.Next = at(offset + foreignBansPerPage)
	}
	p.Data = d
	u.Engine.Render(w, r, status, "foreign_bans", p)
}

func (u *UI) foreignBans(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	p := u.page(r, "foreignban.title", nil)
	p.Form = url.Values{"institution": {r.URL.Query().Get("institution")}, "public": {"true"}}
	u.foreignBansPage(w, r, http.StatusOK, p)
}

// recordForeignBan reads the form into the API's input; "institution" is
// the picker's choice, as on the proposal form.
func (u *UI) recordForeignBan(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	if r.PostFormValue("find") != "" {
		p := u.page(r, "foreignban.title", nil)
		p.Form = r.PostForm
		u.foreignBansPage(w, r, http.StatusOK, p)
		return
	}
	res, err := func() (credit.ForeignBanResult, error) {
		in := credit.ForeignBanInput{Province: r.PostFormValue("province"), Public: r.PostFormValue("public") == "true",
			Reference: strings.TrimSpace(r.PostFormValue("reference"))}
		var f apperr.Fields
		id, err := u.S.Registry.Lookup(r.Context(), a, r.PostFormValue("institution"))
		if err != nil {
			if !apperr.Is(err, apperr.NotFound) {
				return credit.ForeignBanResult{}, err
			}
			f.Add("institution", "creditweb.field.institution_unknown")
		}
		in.InstitutionID = id
		for name, dst := range map[string]*calendar.Date{"starts_on": &in.StartsOn, "ends_on": &in.EndsOn} {
			s := strings.TrimSpace(r.PostFormValue(name))
			if s == "" {
				f.Add(name, "field.required")
				continue
			}
			d, err := calendar.ParseDate(s)
			if err != nil {
				f.Add(name, "field.date")
			}
			*dst = d
		}
		if err := f.Err(); err != nil {
			return credit.ForeignBanResult{}, err
		}
		return u.S.Credit.RecordForeignBan(r.Context(), a, in)
	}()
	if err != nil {
		p := u.page(r, "foreignban.title", nil)
		p.Form = r.PostForm
		status := p.withError(r, err)
		// An institution outside the scope is NotFound from the service: say so beside the field.
		if apperr.Is(err, apperr.NotFound) {
			status = http.StatusUnprocessableEntity
			p.Fields = map[string]string{"institution": p.T("creditweb.field.institution_unknown")}
		}
		u.foreignBansPage(w, r, status, p)
		return
	}
	notice := "foreign_ban_not_recognised"
	if res.Recognised {
		notice = "foreign_ban_recognised"
	}
	redirect(w, r, "/foreign-bans?recorded="+strconv.FormatInt(res.ID, 10), notice)
}
