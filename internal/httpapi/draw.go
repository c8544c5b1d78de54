package httpapi

import (
	"net/http"
	"net/url"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/public/draws/{draw_id}", api.Public.Wrap(http.HandlerFunc(api.publicDraw)).ServeHTTP)
	})
}

// publicDraw publishes a draw's inputs and result, without login: anyone can
// re-run it (internal/selection documents the algorithm).
func (api *API) publicDraw(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "draw_id")
	if !ok {
		return
	}
	d, err := api.S.Draw.Public(r.Context(), id)
	reply(w, r, d, err)
}

func pathEscape(s string) string { return url.PathEscape(s) }
