package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/locale"
	"evalcred/internal/registry"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

// Institutions as officials see them (their region only) and as an
// institution's own users see theirs, with the filing's versions and diffs.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/institutions", api.listInstitutions)
		h("GET /api/v1/institutions/{id}", byID(api.S.Registry.GetInstitution))
		h("GET /api/v1/institutions/{id}/filings", listByID(api.S.Filing.ListVersions))
		h("GET /api/v1/institutions/{id}/filings/{version}", api.getFilingVersion)
		h("GET /api/v1/institutions/{id}/filings/{version}/diff", api.filingDiff)
		h("GET /api/v1/institutions/{id}/reviews", listByID(api.S.Review.History))
	})
}

// InstitutionFilter reads the institution list's filters from the query
// string (q, status, filing_state, type, region_code, update_overdue); the
// page of institutions uses it too, so both faces filter alike.
func InstitutionFilter(r *http.Request) registry.Filter {
	q := r.URL.Query()
	return registry.Filter{Q: q.Get("q"), Status: q.Get("status"), FilingState: q.Get("filing_state"), Type: q.Get("type"),
		RegionCode: q.Get("region_code"), UpdateOverdue: q.Get("update_overdue") == "1" || q.Get("update_overdue") == "true"}
}

// InstitutionHeaders are the columns of the institution export (message keys).
var InstitutionHeaders = []string{"registryweb.col.id", "registryweb.col.uscc", "registryweb.col.name", "registryweb.col.type",
	"registryweb.col.region", "registryweb.col.status", "registryweb.col.filing_state", "registryweb.col.approved_version",
	"registryweb.col.update_due_on", "registryweb.col.contact", "registryweb.col.phone"}

// InstitutionRow is one institution as a spreadsheet row.
func InstitutionRow(lang string, in *registry.Institution) []any {
	return []any{in.ID, in.USCC, in.Name, locale.T(lang, "institution.type."+in.Type), in.RegionName,
		locale.T(lang, "institution.status."+in.Status), locale.T(lang, "filing.state."+in.FilingState), in.ApprovedVersion,
		in.UpdateDueOn, in.ContactName, in.ContactPhone}
}

// listInstitutions answers {"items", "total"} for a page, or with
// ?format=xlsx every matching institution as a spreadsheet.
func (api *API) listInstitutions(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f := InstitutionFilter(r)
	limit, offset := page(r)
	list, err := api.S.Registry.ListInstitutions(r.Context(), a, f, registry.Page{Limit: limit, Offset: offset})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, list, err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "registryweb.institutions", InstitutionHeaders, func(emit xlsx.Emit) error {
		for off := 0; off < maxExport; off += 1000 {
			l, err := api.S.Registry.ListInstitutions(r.Context(), a, f, registry.Page{Limit: 1000, Offset: off})
			if err != nil {
				return err
			}
			for _, in := range l.Items {
				if err := emit(InstitutionRow(lang, in)...); err != nil {
					return err
				}
			}
			if len(l.Items) < 1000 {
				return nil
			}
		}
		return nil
	})
}

// versionParam parses {version}; a bad one is a 404 like a missing version.
func versionParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v <= 0 {
		web.Error(w, r, apperr.NotFoundf("filing version"))
		return 0, false
	}
	return v, true
}

// getFilingVersion returns one submitted version; ID numbers are masked
// unless the caller's role needs them (and then the view is audited).
func (api *API) getFilingVersion(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	v, ok := versionParam(w, r)
	if !ok {
		return
	}
	res, err := api.S.Filing.GetVersion(r.Context(), a, id, v)
	reply(w, r, res, err)
}

func (api *API) filingDiff(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	v, ok := versionParam(w, r)
	if !ok {
		return
	}
	res, err := api.S.Filing.Diff(r.Context(), a, id, v)
	reply(w, r, res, err)
}
