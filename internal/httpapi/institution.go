package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
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

// listInstitutions answers {"items", "total"} for a page, or with
// ?format=xlsx every matching institution as a spreadsheet.
func (api *API) listInstitutions(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f := web.InstitutionFilter(r)
	limit, offset := web.Paging(r)
	list, err := api.S.Registry.ListInstitutions(r.Context(), a, f, registry.Page{Limit: limit, Offset: offset})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, list, err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "registryweb.institutions", registry.InstitutionHeaders, func(emit xlsx.Emit) error {
		for off := 0; off < maxExport; off += 1000 {
			l, err := api.S.Registry.ListInstitutions(r.Context(), a, f, registry.Page{Limit: 1000, Offset: off})
			if err != nil {
				return err
			}
			for _, in := range l.Items {
				if err := emit(registry.InstitutionRow(lang, in)...); err != nil {
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
