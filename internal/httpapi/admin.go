package httpapi

import (
	"context"
	"encoding/json"
	"net/http"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/policy"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/users", listMine(api.S.Auth.Users))
		h("POST /api/v1/users", create(api.S.Auth.CreateOfficial))
		h("POST /api/v1/users/{id}/activate", byID(api.setUserActive(true)))
		h("POST /api/v1/users/{id}/deactivate", byID(api.setUserActive(false)))
		h("GET /api/v1/policies", api.listPolicies)
		h("GET /api/v1/policies/{key}", api.policyHistory)
		h("POST /api/v1/policies", api.setPolicy)
	})
}

func (api *API) setUserActive(active bool) func(context.Context, *auth.Actor, int64) (*auth.User, error) {
	return func(ctx context.Context, a *auth.Actor, id int64) (*auth.User, error) {
		return api.S.Auth.SetActive(ctx, a, id, active)
	}
}

// listPolicies answers every policy key as it stands on ?on= (default today,
// China time) for the caller's province.
func (api *API) listPolicies(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	on := calendar.DateOf(api.S.Clock.Now())
	if s := r.URL.Query().Get("on"); s != "" {
		d, err := calendar.ParseDate(s)
		if err != nil {
			web.Error(w, r, apperr.InvalidField("on", "field.date"))
			return
		}
		on = d
	}
	list, err := api.S.Policy.Current(r.Context(), a, on)
	reply(w, r, items(list), err)
}

func (api *API) policyHistory(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	list, err := api.S.Policy.History(r.Context(), a, r.PathValue("key"))
	reply(w, r, items(list), err)
}

// PolicyInput adopts a new version of a policy key for the caller's province.
type PolicyInput struct {
	Key           string          `json:"key"`
	Value         json.RawMessage `json:"value"`
	EffectiveFrom calendar.Date   `json:"effective_from"`
	Note          string          `json:"note"`
}

func (api *API) setPolicy(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in PolicyInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	id, err := api.S.Policy.Set(r.Context(), a, policy.Input(in))
	replyStatus(w, r, http.StatusCreated, map[string]any{"id": id}, err)
}
