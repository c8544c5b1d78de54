package httpapi

import (
	"net/http"

	"evalcred/internal/calendar"
	"evalcred/internal/locale"
	"evalcred/internal/publicquery"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

// The public credit query (DOMAIN.md section 5): no login, each path behind
// the per-address rate limit. publicquery builds every answer from an
// explicit list of public columns, so no person's ID number, phone or e-mail
// can reach these responses.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/public/institutions", api.public(api.publicSearch))
		h("GET /api/v1/public/institutions/{uscc}", api.public(api.publicInstitution))
		h("GET /api/v1/public/bans", api.public(api.publicBans))
		h("GET /api/v1/public/ledger/head", api.public(api.publicLedgerHead))
	})
}

// public wraps a handler in the public rate limit.
func (api *API) public(f http.HandlerFunc) http.HandlerFunc {
	if api.Public == nil {
		return f
	}
	return api.Public.Wrap(f).ServeHTTP
}

// publicSearch finds institutions by USCC or part of the name, ranked
// (uscc, exact, prefix, contains, near), {"items", "more"}.
func (api *API) publicSearch(w http.ResponseWriter, r *http.Request) {
	limit, offset := page(r)
	res, err := api.S.Public.Search(r.Context(), r.URL.Query().Get("q"), publicquery.Page{Limit: limit, Offset: offset})
	reply(w, r, res, err)
}

func (api *API) publicInstitution(w http.ResponseWriter, r *http.Request) {
	body, err := api.S.Public.InstitutionJSON(r.Context(), r.PathValue("uscc"))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RawJSON(w, http.StatusOK, body)
}

// BanHeaders are the columns of the public ban list export (message keys).
var BanHeaders = []string{"creditweb.col.institution", "creditweb.col.uscc", "creditweb.col.region", "creditweb.col.scope",
	"creditweb.col.starts_on", "creditweb.col.ends_on", "creditweb.col.foreign"}

// BanRow is one ban as a spreadsheet row, in BanHeaders' order.
func BanRow(lang string, b publicquery.Ban) []any {
	foreign := locale.T(lang, "common.no")
	if b.Foreign {
		foreign = locale.T(lang, "common.yes")
	}
	return []any{b.Name, b.USCC, b.RegionName, locale.T(lang, "creditweb.scope."+b.Scope), b.StartsOn, b.EndsOn, foreign}
}

// ServeBans answers with the ban list in force as a spreadsheet. The list
// is public, so unlike a reviewer's export it needs no permission; the page
// of the ban list uses it too.
func ServeBans(w http.ResponseWriter, r *http.Request, today calendar.Date, bans []publicquery.Ban) {
	lang := web.Lang(r.Context())
	sheet := locale.T(lang, "creditweb.bans.sheet")
	xlsx.Serve(w, r, sheet+"-"+today.String(), sheet, translate(lang, BanHeaders), func(emit xlsx.Emit) error {
		for _, b := range bans {
			if err := emit(BanRow(lang, b)...); err != nil {
				return err
			}
		}
		return nil
	})
}

func translate(lang string, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = locale.T(lang, k)
	}
	return out
}

// publicBans is the ban list in force today; ?format=xlsx as a spreadsheet.
func (api *API) publicBans(w http.ResponseWriter, r *http.Request) {
	bans, err := api.S.Public.BansToday(r.Context())
	if err != nil || !wantsXLSX(r) {
		reply(w, r, items(bans), err)
		return
	}
	ServeBans(w, r, calendar.DateOf(api.S.Clock.Now()), bans)
}

// publicLedgerHead is the signed head of the credit ledger (seq, hash,
// signature, public key), for anyone to pin and compare later.
func (api *API) publicLedgerHead(w http.ResponseWriter, r *http.Request) {
	h, err := api.S.Public.Head(r.Context())
	reply(w, r, h, err)
}
