package httpapi

import (
	"net/http"

	"evalcred/internal/helpdesk"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/faq", create(api.S.Helpdesk.CreateFAQ))
		h("GET /api/v1/public/faq", api.Public.Wrap(http.HandlerFunc(api.publicFAQ)).ServeHTTP)
		h("POST /api/v1/public/faq/{id}/helpful", api.Public.Wrap(http.HandlerFunc(api.faqHelpful)).ServeHTTP)
	})
}

// publicFAQ is the FAQ for everyone (no login): ?q= searches on parts of
// words, ?category= narrows.
func (api *API) publicFAQ(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	list, err := api.S.Helpdesk.SearchFAQ(r.Context(), q.Get("q"), q.Get("category"), faqLimit(r))
	reply(w, r, items(list), err)
}

func (api *API) faqHelpful(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	f, err := api.S.Helpdesk.MarkHelpful(r.Context(), id)
	reply(w, r, map[string]any{"id": id, "helpful": helpfulOf(f)}, err)
}

func helpfulOf(f *helpdesk.FAQ) int64 {
	if f == nil {
		return 0
	}
	return f.Helpful
}
