package httpapi

import (
	"context"
	"net/http"

	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/registry"
	"evalcred/internal/stats"
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
	f, err := web.AuditFilter(r)
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
	if err := stats.CanReadAudit(a); err != nil {
		web.Error(w, r, err)
		return
	}
	api.exportRows(w, r, "audit", audit.EntryHeaders, func(emit xlsx.Emit) error {
		return api.S.Stats.EachAuditEntry(r.Context(), a, f, func(e audit.Entry) error { return emit(audit.EntryRow(web.Lang(r.Context()), e)...) })
	})
}

// maxExport bounds a spreadsheet of a reviewer's list; the lists are paged
// through the service exportPage rows at a time while the file streams out.
const (
	maxExport  = 50000
	exportPage = 1000
)

// pagedList answers the page of list the request asks for (?limit=,
// ?offset=), with the filter read from the request; or with ?format=xlsx
// every matching item as a spreadsheet of area, a row each, paged through
// list while the file streams out.
func pagedList[F, L, T any](api *API, w http.ResponseWriter, r *http.Request, filter func(*http.Request) F,
	list func(context.Context, *auth.Actor, F, registry.Page) (L, error), items func(L) []T,
	area string, headers []string, row func(lang string, item T) []any) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f := filter(r)
	limit, offset := web.Paging(r)
	page, err := list(r.Context(), a, f, registry.Page{Limit: limit, Offset: offset})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, page, err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, area, headers, pagedRows(func(p registry.Page) ([]T, error) {
		l, err := list(r.Context(), a, f, p)
		if err != nil {
			return nil, err
		}
		return items(l), nil
	}, func(item T) []any { return row(lang, item) }))
}

// pagedRows emits a row for each item of the pages that list answers, up to
// maxExport items.
func pagedRows[T any](list func(registry.Page) ([]T, error), row func(T) []any) func(emit xlsx.Emit) error {
	return func(emit xlsx.Emit) error {
		for off := 0; off < maxExport; off += exportPage {
			items, err := list(registry.Page{Limit: exportPage, Offset: off})
			if err != nil {
				return err
			}
			if err := web.RowsOf(items, row)(emit); err != nil {
				return err
			}
			if len(items) < exportPage {
				return nil
			}
		}
		return nil
	}
}
