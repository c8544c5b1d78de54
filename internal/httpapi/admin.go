package httpapi

import (
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
		h("GET /api/v1/users", api.listUsers)
		h("POST /api/v1/users", api.createUser)
		h("POST /api/v1/users/{id}/activate", api.setUserActive(true))
		h("POST /api/v1/users/{id}/deactivate", api.setUserActive(false))
		h("GET /api/v1/policies", api.listPolicies)
		h("GET /api/v1/policies/{key}", api.policyHistory)
		h("POST /api/v1/policies", api.setPolicy)
	})
}

func (api *API) listUsers(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	list, err := api.S.Auth.Users(r.Context(), a)
	reply(w, r, items(list), err)
}

func (api *API) createUser(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in auth.OfficialInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	u, err := api.S.Auth.CreateOfficial(r.Context(), a, in)
	replyStatus(w, r, http.StatusCreated, u, err)
}

func (api *API) setUserActive(active bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := actor(w, r)
		if a == nil {
			return
		}
		id, ok := pathID(w, r, "id")
		if !ok {
			return
		}
		u, err := api.S.Auth.SetActive(r.Context(), a, id, active)
		reply(w, r, u, err)
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
