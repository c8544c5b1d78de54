package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/ledger"
	"evalcred/internal/publicquery"
	"evalcred/internal/web"
)

// The public credit site (no login): one search box for
// a USCC or part of a name, an institution's public page, the ban list and
// the signed ledger head. Every page sits behind the per-address limit and
// shows the head in its footer, so that anyone can note it and compare later.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /public", u.public(u.publicSearch))
		h("GET /public/institutions/{uscc}", u.public(u.publicInstitution))
		h("GET /public/bans", u.public(u.publicBans))
		h("GET /public/ledger", u.public(u.publicLedger))
	})
}

// public wraps a page in the public rate limit; a burst past it is
// answered with the error page, in words, not the API's JSON.
func (u *UI) public(f http.HandlerFunc) http.HandlerFunc {
	if u.Public == nil {
		return f
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if !u.Public.Allow(web.ClientIP(r.Context())) {
			w.Header().Set("Retry-After", "1")
			u.fail(w, r, apperr.New(apperr.RateLimited, "error.rate_limited"))
			return
		}
		f(w, r)
	}
}

// publicData is what every public page has: its own content and the head.
type publicData struct {
	Head ledger.HeadInfo
	Q    string
	// Search results with paging links.
	Result     publicquery.SearchResult
	Searched   bool
	Prev, Next string
	// One institution's page.
	Institution publicquery.Institution
	// The ban list.
	Bans  []publicquery.Ban
	Today calendar.Date
}

// publicPage loads the head and renders a public page; a head that cannot be
// read fails the page like any other database trouble.
func (u *UI) publicPage(w http.ResponseWriter, r *http.Request, title, tmpl string, d *publicData) {
	h, err := u.S.Public.Head(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d.Head, d.Today = h, calendar.DateOf(u.now())
	u.Engine.Render(w, r, http.StatusOK, tmpl, u.page(r, title, d))
}

const publicPageSize = 20

func (u *UI) publicSearch(w http.ResponseWriter, r *http.Request) {
	d := &publicData{Q: r.URL.Query().Get("q")}
	if d.Q != "" {
		offset := web.Offset(r)
		res, err := u.S.Public.Search(r.Context(), d.Q, publicquery.Page{Limit: publicPageSize, Offset: offset})
		if err != nil {
			u.fail(w, r, err)
			return
		}
		d.Result, d.Searched = res, true
		q := r.URL.Query()
		at := func(off int) string {
			q.Set("offset", strconv.Itoa(off))
			return "/public?" + q.Encode()
		}
		if offset > 0 {
			d.Prev = at(max(0, offset-publicPageSize))
		}
		if res.More {
			d.Next = at(offset + publicPageSize)
		}
	}
	u.publicPage(w, r, "creditweb.public.title", "public_search", d)
}

func (u *UI) publicInstitution(w http.ResponseWriter, r *http.Request) {
	inst, err := u.S.Public.Institution(r.Context(), r.PathValue("uscc"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.publicPage(w, r, "creditweb.public.institution_title", "public_institution", &publicData{Institution: inst})
}

// publicBans is the ban list in force; ?format=xlsx is the same list as a
// spreadsheet, built by the same code as the API's.
func (u *UI) publicBans(w http.ResponseWriter, r *http.Request) {
	bans, err := u.S.Public.BansToday(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "xlsx" {
		lang := web.Lang(r.Context())
		web.Sheet(w, r, u.now(), "creditweb.bans.sheet", publicquery.BanHeaders, web.RowsOf(bans, func(b publicquery.Ban) []any { return publicquery.BanRow(lang, b) }))
		return
	}
	u.publicPage(w, r, "creditweb.bans.title", "public_bans", &publicData{Bans: bans})
}
