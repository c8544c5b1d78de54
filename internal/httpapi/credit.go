package httpapi

import (
	"net/http"

	"evalcred/internal/credit"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

// The credit records: proposal by a provincial
// reviewer, objection or acceptance by the institution, the objection's
// decision by an official above the proposer, and repair. Every rule lives in
// credit.Service; these handlers only translate HTTP to its calls.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/credit-records", create(api.S.Credit.Propose))
		h("GET /api/v1/credit-records", api.listRecords)
		h("GET /api/v1/credit-records/{id}", byID(api.S.Credit.Get))
		h("GET /api/v1/credit-records/{id}/ledger", listByID(api.S.Credit.Timeline))
		h("POST /api/v1/credit-records/{id}/objection", withBody(api.S.Credit.Object))
		h("POST /api/v1/credit-records/{id}/objection/decision", withBody(api.S.Credit.DecideObjection))
		h("POST /api/v1/credit-records/{id}/accept", byID(api.S.Credit.Accept))
		h("POST /api/v1/credit-records/{id}/repair", withBody(api.S.Credit.ApplyRepair))
		h("POST /api/v1/credit-records/{id}/repair/decision", withBody(api.S.Credit.DecideRepair))
		h("POST /api/v1/foreign-bans", create(api.S.Credit.RecordForeignBan))
		h("GET /api/v1/foreign-bans", serve(http.StatusOK, readKey(creditPage), bodiless(api.S.Credit.ListForeignBans)))
	})
}

// listRecords lists the records the caller may see ({"items", "total"});
// ?format=xlsx gives the same rows without paging as a spreadsheet.
func (api *API) listRecords(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f := web.RecordFilter(r)
	list, err := api.S.Credit.ListRecords(r.Context(), a, f, creditPage(r))
	if err != nil || !wantsXLSX(r) {
		reply(w, r, list, err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "creditweb.records", credit.RecordHeaders, func(emit xlsx.Emit) error {
		return api.S.Credit.EachRecord(r.Context(), a, f, func(c *credit.Record) error { return emit(credit.RecordRow(lang, c)...) })
	})
}

// creditPage reads ?limit= and ?offset=.
func creditPage(r *http.Request) credit.Page {
	limit, offset := web.Paging(r)
	return credit.Page{Limit: limit, Offset: offset}
}
