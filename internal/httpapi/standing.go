package httpapi

import (
	"context"
	"net/http"

	"evalcred/internal/auth"
	"evalcred/internal/credit"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/institutions/{id}/standing", byID(api.standing))
		h("GET /api/v1/institutions/{id}/warnings", listByID(api.warnings))
	})
}

// standing is eligibility, the last ineligible day, the reasons, and the
// credit score with its explanation, in the caller's language.
func (api *API) standing(ctx context.Context, a *auth.Actor, id int64) (credit.StandingView, error) {
	st, err := api.S.Credit.StandingOf(ctx, a, id)
	return credit.ViewStanding(web.Lang(ctx), st), err
}

// warnings are the re-registration warnings, in the caller's language.
func (api *API) warnings(ctx context.Context, a *auth.Actor, id int64) ([]credit.WarningView, error) {
	list, err := api.S.Review.InstitutionWarnings(ctx, a, id)
	return credit.ViewWarnings(web.Lang(ctx), list), err
}
