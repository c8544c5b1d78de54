package httpapi

import (
	"fmt"
	"net/http"

	"evalcred/internal/credit"
	"evalcred/internal/locale"
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
	list, err := api.S.InstitutionWarnings(r.Context(), a, id)
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
