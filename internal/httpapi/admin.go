package httpapi

import (
	"context"
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
		h("POST /api/v1/users/{id}/unlock", byID(api.S.Auth.Unlock))
		h("POST /api/v1/users/{id}/password-reset", byID(api.S.Auth.ResetPassword))
		h("GET /api/v1/users/{id}/login-failures", byID(api.S.Auth.FailureLog))
		// Every policy key as it stands on a day for the caller's province.
		h("GET /api/v1/policies", serve(http.StatusOK, api.policyDay, listed(bodiless(api.S.Policy.Current))))
		h("GET /api/v1/policies/{key}", serve(http.StatusOK, readKey(func(r *http.Request) string { return r.PathValue("key") }), listed(bodiless(api.S.Policy.History))))
		h("POST /api/v1/policies", create(api.setPolicy))
	})
}

func (api *API) setUserActive(active bool) func(context.Context, *auth.Actor, int64) (*auth.User, error) {
	return func(ctx context.Context, a *auth.Actor, id int64) (*auth.User, error) {
		return api.S.Auth.SetActive(ctx, a, id, active)
	}
}

// policyDay reads ?on=, the day the policies are read for (default today,
// China time); a value that is not a date is a 422.
func (api *API) policyDay(w http.ResponseWriter, r *http.Request, _ *auth.Actor) (calendar.Date, bool) {
	s := r.URL.Query().Get("on")
	if s == "" {
		return calendar.DateOf(api.S.Clock.Now()), true
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		web.Error(w, r, apperr.InvalidField("on", "field.date"))
		return calendar.Date{}, false
	}
	return d, true
}

// setPolicy adopts a new version of a policy key for the caller's province
// and answers its id.
func (api *API) setPolicy(ctx context.Context, a *auth.Actor, in policy.Input) (map[string]any, error) {
	id, err := api.S.Policy.Set(ctx, a, in)
	return map[string]any{"id": id}, err
}
