package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/calendar"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

// wantsXLSX reports whether a list request asks for a spreadsheet
// (?format=xlsx) instead of JSON. A list handler builds its rows with the
// same filters either way and, when this is true, answers with exportRows.
func wantsXLSX(r *http.Request) bool { return xlsx.Wanted(r) }

// exportRows answers with an .xlsx of the rows emitted by rows. Headers are
// message keys, translated into the request's language (Chinese unless the
// client asked for English). Exporting needs permission export on top of
// whatever the list itself needs.
// The file is named after the sheet (area + ".sheet", translated) and today's date.
func (api *API) exportRows(w http.ResponseWriter, r *http.Request, area string, headerKeys []string, rows func(emit xlsx.Emit) error) {
	if err := web.ServeXLSX(w, r, api.S.Clock.Now(), area, headerKeys, rows); err != nil {
		web.Error(w, r, err)
	}
}

// AuditHeaders are the columns of the audit log export.
var AuditHeaders = []string{"audit.col.id", "audit.col.at", "audit.col.actor", "audit.col.role", "audit.col.action",
	"audit.col.object_type", "audit.col.object_id", "audit.col.region", "audit.col.ip", "audit.col.request_id"}

// AuditRow is one line of the audit log export, in AuditHeaders' order.
func AuditRow(e audit.Entry) []any {
	return []any{e.ID, e.At, e.ActorName, e.ActorRole, e.Action, e.ObjectType, e.ObjectID, e.RegionCode, e.IP, e.RequestID}
}

// AuditFilter reads the audit log filters from the query string: action,
// object_type, object_id, actor, from and to (China dates, to inclusive),
// before_id and limit.
func AuditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), ObjectType: q.Get("object_type"), Actor: q.Get("actor")}
	f.ObjectID, _ = strconv.ParseInt(q.Get("object_id"), 10, 64)
	f.BeforeID, _ = strconv.ParseInt(q.Get("before_id"), 10, 64)
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	var fe apperr.Fields
	if s := q.Get("from"); s != "" {
		d, err := calendar.ParseDate(s)
		if err != nil {
			fe.Add("from", "field.stats_date")
		}
		f.From = d.Time().UTC()
	}
	if s := q.Get("to"); s != "" {
		d, err := calendar.ParseDate(s)
		if err != nil {
			fe.Add("to", "field.stats_date")
		}
		f.To = d.AddDays(1).Time().UTC()
	}
	return f, fe.Err()
}

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/audit", api.auditLog)
	})
}

// auditLog is the audit log search (permission audit.view), as JSON or,
// with ?format=xlsx, as a spreadsheet of up to stats.MaxAuditExport entries
// fetched page by page while the file streams out.
func (api *API) auditLog(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f, err := AuditFilter(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !wantsXLSX(r) {
		list, err := api.S.Stats.AuditLog(r.Context(), a, f)
		reply(w, r, items(list), err)
		return
	}
	// Check the permission before the status line goes out.
	if _, err := api.S.Stats.AuditLog(r.Context(), a, audit.Filter{Limit: 1}); err != nil {
		web.Error(w, r, err)
		return
	}
	api.exportRows(w, r, "audit", AuditHeaders, func(emit xlsx.Emit) error {
		return api.S.Stats.EachAuditEntry(r.Context(), a, f, func(e audit.Entry) error { return emit(AuditRow(e)...) })
	})
}
