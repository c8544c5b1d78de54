package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/registry"
	"evalcred/internal/web"
)

// Institutions as officials see them (their region only) and as an
// institution's own users see theirs, with the filing's versions and diffs.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/institutions", api.listInstitutions)
		h("GET /api/v1/institutions/{id}", byID(api.S.Registry.GetInstitution))
		h("GET /api/v1/institutions/{id}/filings", listByID(api.S.Filing.ListVersions))
		h("GET /api/v1/institutions/{id}/filings/{version}", byVersion(api.S.Filing.GetVersion))
		h("GET /api/v1/institutions/{id}/filings/{version}/diff", byVersion(api.S.Filing.Diff))
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
	api.exportRows(w, r, "registryweb.institutions", registry.InstitutionHeaders, pagedRows(func(p registry.Page) ([]*registry.Institution, error) {
		l, err := api.S.Registry.ListInstitutions(r.Context(), a, f, p)
		if err != nil {
			return nil, err
		}
		return l.Items, nil
	}, func(in *registry.Institution) []any { return registry.InstitutionRow(lang, in) }))
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

// byVersion answers f for the version the path names. GetVersion masks ID
// numbers unless the caller's role needs them (and then the view is
// audited).
func byVersion[T any](f func(context.Context, *auth.Actor, int64, int) (T, error)) http.HandlerFunc {
	return serve(http.StatusOK, idWith(versionParam), func(ctx context.Context, a *auth.Actor, k idAnd[int], _ none) (T, error) {
		return f(ctx, a, k.id, k.second)
	})
}
