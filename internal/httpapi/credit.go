package httpapi

import (
	"net/http"

	"evalcred/internal/auth"
	"evalcred/internal/credit"
	"evalcred/internal/ledger"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

// The credit records of DOMAIN.md section 3.5: proposal by a provincial
// reviewer, objection or acceptance by the institution, the objection's
// decision by an official above the proposer, and repair. Every rule lives in
// credit.Service; these handlers only translate HTTP to its calls.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/credit-records", api.proposeRecord)
		h("GET /api/v1/credit-records", api.listRecords)
		h("GET /api/v1/credit-records/{id}", byID(api.S.Credit.Get))
		h("GET /api/v1/credit-records/{id}/ledger", api.recordLedger)
		h("POST /api/v1/credit-records/{id}/objection", api.objectRecord)
		h("POST /api/v1/credit-records/{id}/objection/decision", api.decideObjection)
		h("POST /api/v1/credit-records/{id}/accept", api.acceptRecord)
		h("POST /api/v1/credit-records/{id}/repair", api.applyRepair)
		h("POST /api/v1/credit-records/{id}/repair/decision", api.decideRepair)
		h("POST /api/v1/foreign-bans", api.recordForeignBan)
		h("GET /api/v1/foreign-bans", api.listForeignBans)
	})
}

func (api *API) proposeRecord(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in credit.ProposeInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Credit.Propose(r.Context(), a, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

// listRecords lists the records the caller may see ({"items", "total"});
// ?format=xlsx gives the same rows without paging as a spreadsheet.
func (api *API) listRecords(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f := web.RecordFilter(r)
	limit, offset := web.Paging(r)
	list, err := api.S.Credit.ListRecords(r.Context(), a, f, credit.Page{Limit: limit, Offset: offset})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, list, err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "creditweb.records", credit.RecordHeaders, func(emit xlsx.Emit) error {
		return api.S.Credit.EachRecord(r.Context(), a, f, func(c *credit.Record) error { return emit(credit.RecordRow(lang, c)...) })
	})
}

// recordLedger is the record's timeline: its ledger entries, oldest first,
// each with the row as stored and the chain hashes, so that whoever may see
// the record can check them against the signed head.
func (api *API) recordLedger(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if _, err := api.S.Credit.Get(r.Context(), a, id); err != nil {
		web.Error(w, r, err)
		return
	}
	list, err := ledger.EntriesOf(r.Context(), api.S.DB, credit.SubjectRecord, id)
	reply(w, r, items(list), err)
}

// recordAction decodes the body into in (when in is not nil) and runs do
// on the record named in the path.
func recordAction[T any](api *API, w http.ResponseWriter, r *http.Request, in *T, do func(a *auth.Actor, id int64) (any, error)) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if in != nil {
		if err := web.Decode(w, r, in); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	res, err := do(a, id)
	reply(w, r, res, err)
}

func (api *API) objectRecord(w http.ResponseWriter, r *http.Request) {
	var in credit.ObjectInput
	recordAction(api, w, r, &in, func(a *auth.Actor, id int64) (any, error) { return api.S.Credit.Object(r.Context(), a, id, in) })
}

func (api *API) decideObjection(w http.ResponseWriter, r *http.Request) {
	var in credit.DecisionInput
	recordAction(api, w, r, &in, func(a *auth.Actor, id int64) (any, error) {
		return api.S.Credit.DecideObjection(r.Context(), a, id, in)
	})
}

func (api *API) acceptRecord(w http.ResponseWriter, r *http.Request) {
	recordAction[struct{}](api, w, r, nil, func(a *auth.Actor, id int64) (any, error) { return api.S.Credit.Accept(r.Context(), a, id) })
}

func (api *API) applyRepair(w http.ResponseWriter, r *http.Request) {
	var in credit.RepairInput
	recordAction(api, w, r, &in, func(a *auth.Actor, id int64) (any, error) { return api.S.Credit.ApplyRepair(r.Context(), a, id, in) })
}

func (api *API) decideRepair(w http.ResponseWriter, r *http.Request) {
	var in credit.DecisionInput
	recordAction(api, w, r, &in, func(a *auth.Actor, id int64) (any, error) { return api.S.Credit.DecideRepair(r.Context(), a, id, in) })
}

func (api *API) recordForeignBan(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in credit.ForeignBanInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Credit.RecordForeignBan(r.Context(), a, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

func (api *API) listForeignBans(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	limit, offset := web.Paging(r)
	list, err := api.S.Credit.ListForeignBans(r.Context(), a, credit.Page{Limit: limit, Offset: offset})
	reply(w, r, list, err)
}
