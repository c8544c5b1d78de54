package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/filing"
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
		h("GET /api/v1/institutions/{id}/filings/{version}/diff", serve(http.StatusOK, idWith(versionAndBase),
			func(ctx context.Context, a *auth.Actor, k idAnd[versionBase], _ none) (*filing.DiffResult, error) {
				return api.S.Filing.DiffAgainst(ctx, a, k.id, k.second.version, k.second.base)
			}))
		h("GET /api/v1/institutions/{id}/reviews", listByID(api.S.Review.History))
	})
}

// listInstitutions answers {"items", "total"} for a page, or with
// ?format=xlsx every matching institution as a spreadsheet.
func (api *API) listInstitutions(w http.ResponseWriter, r *http.Request) {
	pagedList(api, w, r, web.InstitutionFilter, api.S.Registry.ListInstitutions,
		func(l *registry.InstitutionList) []*registry.Institution { return l.Items },
		"registryweb.institutions", registry.InstitutionHeaders, registry.InstitutionRow)
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

// versionBase is a diff's version and the ?base= it is compared with.
type versionBase struct {
	version int
	base    string
}

// versionAndBase parses {version} and ?base= (checked by the service).
func versionAndBase(w http.ResponseWriter, r *http.Request) (versionBase, bool) {
	v, ok := versionParam(w, r)
	return versionBase{v, r.URL.Query().Get("base")}, ok
}

// byVersion answers f for the version the path names. GetVersion masks ID
// numbers unless the caller's role needs them (and then the view is
// audited).
func byVersion[T any](f func(context.Context, *auth.Actor, int64, int) (T, error)) http.HandlerFunc {
	return serve(http.StatusOK, idWith(versionParam), func(ctx context.Context, a *auth.Actor, k idAnd[int], _ none) (T, error) {
		return f(ctx, a, k.id, k.second)
	})
}
