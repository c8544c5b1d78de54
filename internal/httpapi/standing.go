package httpapi

import (
	"context"
	"fmt"
	"net/http"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/credit"
	"evalcred/internal/filing"
	"evalcred/internal/locale"
	"evalcred/internal/services"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/institutions/{id}/standing", api.standing)
		h("GET /api/v1/institutions/{id}/warnings", api.warnings)
	})
}

// ReasonView is a reason of ineligibility with its text.
type ReasonView struct {
	credit.Reason
	Text string `json:"text"`
}

// LineView is a line of the score's explanation with its text.
type LineView struct {
	credit.Line
	Text string `json:"text"`
}

// StandingView is a standing with every reason and explanation line
// translated, so that a client can show why without a catalogue of its own.
type StandingView struct {
	credit.Standing
	Reasons     []ReasonView `json:"reasons"`
	Explanation []LineView   `json:"explanation"`
	// ScorePoints is Score (x100) as points with two decimals, "92.50".
	ScorePoints string `json:"score_points"`
}

// ViewStanding translates st into lang.
func ViewStanding(lang string, st credit.Standing) StandingView {
	v := StandingView{Standing: st, Reasons: []ReasonView{}, Explanation: []LineView{},
		ScorePoints: fmt.Sprintf("%d.%02d", st.Score/100, st.Score%100)}
	for _, r := range st.Reasons {
		v.Reasons = append(v.Reasons, ReasonView{Reason: r, Text: locale.T(lang, r.Key, strArgs(r.Args)...)})
	}
	for _, l := range st.Explanation {
		v.Explanation = append(v.Explanation, LineView{Line: l, Text: locale.T(lang, l.Key, strArgs(l.Args)...)})
	}
	return v
}

func strArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// standing is GET /api/v1/institutions/{id}/standing: eligibility, the last
// ineligible day, the reasons, and the credit score with its explanation.
func (api *API) standing(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	st, err := api.S.Credit.StandingOf(r.Context(), a, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, ViewStanding(web.Lang(r.Context()), st))
}

// WarningView is a re-registration warning with its text.
type WarningView struct {
	credit.Warning
	Text string `json:"text"`
}

// InstitutionWarnings returns the re-registration warnings for an
// institution a reviewer is about to decide on: the people of its latest
// submitted filing version (legal representative, lead evaluators,
// practitioners, experts, each named by its field in the filing) and its
// name, address and phone as filed, or as registered before any filing.
// Only reviewers (review.level1 or review.level2) may ask: they are the ones
// deciding, and the ones allowed to have the filing read with full ID numbers.
func InstitutionWarnings(ctx context.Context, s *services.Set, a *auth.Actor, institutionID int64) ([]credit.Warning, error) {
	if !a.Can("review.level1") && !a.Can("review.level2") {
		if a == nil {
			return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
		}
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	inst, err := s.Registry.GetInstitution(ctx, a, institutionID)
	if err != nil {
		return nil, err
	}
	in := credit.WarningInput{InstitutionID: inst.ID, Name: inst.Name, Address: inst.Address, Phone: inst.ContactPhone}
	if inst.FilingVersion > 0 {
		v, err := s.Filing.GetVersion(ctx, a, inst.ID, inst.FilingVersion)
		if err != nil {
			return nil, err
		}
		in.People = filingPeople(&v.Document)
		if d := v.Document.Institution; d.Name != "" {
			in.Name, in.Address, in.Phone = d.Name, d.Address, d.ContactPhone
		}
	}
	return s.Credit.Warnings(ctx, s.DB, in)
}

// filingPeople lists the people a filing names, each with its field path.
func filingPeople(d *filing.Document) []credit.PersonRef {
	var out []credit.PersonRef
	add := func(id, role, field string) {
		if id != "" {
			out = append(out, credit.PersonRef{IDNumber: id, Role: role, Field: field})
		}
	}
	add(d.LegalRepresentative.IDNumber, filing.RoleLegalRep, "legal_representative.id_number")
	for i, p := range d.LeadEvaluators {
		add(p.IDNumber, filing.RoleLeadEvaluator, fmt.Sprintf("lead_evaluators[%d].id_number", i))
	}
	for i, p := range d.Practitioners {
		add(p.IDNumber, filing.RolePractitioner, fmt.Sprintf("practitioners[%d].id_number", i))
	}
	for i, p := range d.Experts {
		add(p.IDNumber, filing.RoleExpert, fmt.Sprintf("experts[%d].id_number", i))
	}
	return out
}

// warnings is GET /api/v1/institutions/{id}/warnings.
func (api *API) warnings(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	list, err := InstitutionWarnings(r.Context(), api.S, a, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	lang := web.Lang(r.Context())
	out := make([]WarningView, len(list))
	for i, wn := range list {
		out[i] = WarningView{Warning: wn, Text: locale.T(lang, wn.Key)}
	}
	reply(w, r, items(out), nil)
}
