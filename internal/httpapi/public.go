package httpapi

import (
	"net/http"

	"evalcred/internal/publicquery"
	"evalcred/internal/web"
)

// The public credit query: no login, each path behind
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
	limit, offset := web.Paging(r)
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

// publicBans is the ban list in force today; ?format=xlsx as a spreadsheet.
func (api *API) publicBans(w http.ResponseWriter, r *http.Request) {
	bans, err := api.S.Public.BansToday(r.Context())
	if err != nil || !wantsXLSX(r) {
		reply(w, r, items(bans), err)
		return
	}
	lang := web.Lang(r.Context())
	web.Sheet(w, r, api.S.Clock.Now(), "creditweb.bans.sheet", publicquery.BanHeaders, web.RowsOf(bans, func(b publicquery.Ban) []any { return publicquery.BanRow(lang, b) }))
}

// publicLedgerHead is the signed head of the credit ledger (seq, hash,
// signature, public key), for anyone to pin and compare later.
func (api *API) publicLedgerHead(w http.ResponseWriter, r *http.Request) {
	h, err := api.S.Public.Head(r.Context())
	reply(w, r, h, err)
}
