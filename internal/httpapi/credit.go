package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"evalcred/internal/auth"
	"evalcred/internal/credit"
	"evalcred/internal/locale"
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
		h("GET /api/v1/credit-records/{id}/ledger", listByID(api.S.Credit.Timeline))
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

// RecordFilter reads the record list's filters (institution_id, state, kind,
// severity) from the query string; the page of records uses it too, so both
// faces filter alike.
func RecordFilter(r *http.Request) credit.RecordFilter {
	q := r.URL.Query()
	f := credit.RecordFilter{State: q.Get("state"), Kind: q.Get("kind"), Severity: q.Get("severity")}
	f.InstitutionID, _ = strconv.ParseInt(q.Get("institution_id"), 10, 64)
	return f
}

// MaxRecordExport caps a spreadsheet of credit records; a province holds far
// fewer, and the cap keeps one request from reading without end.
const MaxRecordExport = 20000

// RecordHeaders are the columns of a credit record export (message keys).
var RecordHeaders = []string{"creditweb.col.id", "creditweb.col.institution", "creditweb.col.kind", "creditweb.col.severity",
	"creditweb.col.category", "creditweb.col.state", "creditweb.col.proposed_on", "creditweb.col.objection_deadline",
	"creditweb.col.effective_on", "creditweb.col.publish_until", "creditweb.col.published", "creditweb.col.repair_state",
	"creditweb.col.facts", "creditweb.col.basis"}

// RecordRow is one record as a spreadsheet row, in RecordHeaders' order.
func RecordRow(lang string, c *credit.Record) []any {
	published := locale.T(lang, "common.no")
	if c.Published {
		published = locale.T(lang, "common.yes")
	}
	repair := ""
	if c.RepairState != "" {
		repair = locale.T(lang, "creditweb.repair."+c.RepairState)
	}
	return []any{c.ID, c.InstitutionName, locale.T(lang, "creditweb.kind."+c.Kind), locale.T(lang, "creditweb.severity."+c.Severity),
		locale.T(lang, "creditweb.category."+c.Category), locale.T(lang, "credit.state."+c.State), c.ProposedOn, c.ObjectionDeadline,
		c.EffectiveOn, c.PublishUntil, published, repair, c.Facts, c.Basis}
}

// EachRecord calls fn for every record the actor may see under f, newest
// first, up to MaxRecordExport, reading a page at a time.
func EachRecord(ctx context.Context, s *credit.Service, a *auth.Actor, f credit.RecordFilter, fn func(*credit.Record) error) error {
	const size = 500
	for off := 0; off < MaxRecordExport; off += size {
		list, err := s.ListRecords(ctx, a, f, credit.Page{Limit: size, Offset: off})
		if err != nil {
			return err
		}
		for i := range list.Items {
			if err := fn(&list.Items[i]); err != nil {
				return err
			}
		}
		if len(list.Items) < size {
			return nil
		}
	}
	return nil
}

// listRecords lists the records the caller may see ({"items", "total"});
// ?format=xlsx gives the same rows without paging as a spreadsheet.
func (api *API) listRecords(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f := RecordFilter(r)
	limit, offset := page(r)
	list, err := api.S.Credit.ListRecords(r.Context(), a, f, credit.Page{Limit: limit, Offset: offset})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, list, err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "creditweb.records", RecordHeaders, func(emit xlsx.Emit) error {
		return EachRecord(r.Context(), api.S.Credit, a, f, func(c *credit.Record) error { return emit(RecordRow(lang, c)...) })
	})
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
	limit, offset := page(r)
	list, err := api.S.Credit.ListForeignBans(r.Context(), a, credit.Page{Limit: limit, Offset: offset})
	reply(w, r, list, err)
}
