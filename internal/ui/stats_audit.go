package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/audit"
	"evalcred/internal/stats"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /audit", u.auditPage)
	})
}

// auditData is a page of the audit log.
type auditData struct {
	Items  []audit.Entry
	Older  string // link to the next, older page
	Filter audit.Filter
}

// auditPage searches the audit log (permission audit.view) with the API's
// filters; ?format=xlsx exports every matching entry, not just the page.
func (u *UI) auditPage(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	f, err := web.AuditFilter(r)
	if err != nil {
		p := u.page(r, "audit.title", auditData{})
		u.Engine.Render(w, r, p.withError(r, err), "stats_audit", p)
		return
	}
	if xlsx.Wanted(r) {
		if err := stats.CanReadAudit(a); err != nil {
			u.fail(w, r, err)
			return
		}
		u.exportRows(w, r, "audit", audit.EntryHeaders, func(emit xlsx.Emit) error {
			return u.S.Stats.EachAuditEntry(r.Context(), a, f, func(e audit.Entry) error { return emit(audit.EntryRow(web.Lang(r.Context()), e)...) })
		})
		return
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	list, err := u.S.Stats.AuditLog(r.Context(), a, f)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := auditData{Items: list, Filter: f}
	if len(list) == f.Limit {
		q := r.URL.Query()
		q.Set("before_id", strconv.FormatInt(list[len(list)-1].ID, 10))
		d.Older = "/audit?" + q.Encode()
	}
	u.Engine.Render(w, r, http.StatusOK, "stats_audit", u.page(r, "audit.title", d))
}
