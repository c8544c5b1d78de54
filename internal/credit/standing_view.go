package credit

import (
	"fmt"

	"evalcred/internal/calendar"
	"evalcred/internal/locale"
	"evalcred/internal/words"
)

// ReasonView is a reason of ineligibility with its text.
type ReasonView struct {
	Reason
	Text string `json:"text"`
}

// LineView is a line of the score's explanation with its text.
type LineView struct {
	Line
	Text string `json:"text"`
}

// StandingView is a standing with every reason and explanation line
// translated, so that a client can show why without a catalogue of its own.
type StandingView struct {
	Standing
	Reasons     []ReasonView `json:"reasons"`
	Explanation []LineView   `json:"explanation"`
	// ScorePoints is Score (x100) as points with two decimals, "92.50".
	ScorePoints string `json:"score_points"`
}

// ViewStanding translates st into lang.
func ViewStanding(lang string, st Standing) StandingView {
	v := StandingView{Standing: st, Reasons: []ReasonView{}, Explanation: []LineView{},
		ScorePoints: fmt.Sprintf("%d.%02d", st.Score/100, st.Score%100)}
	for _, r := range st.Reasons {
		v.Reasons = append(v.Reasons, ReasonView{Reason: r, Text: translate(lang, r.Key, r.Args)})
	}
	for _, l := range st.Explanation {
		v.Explanation = append(v.Explanation, LineView{Line: l, Text: translate(lang, l.Key, l.Args)})
	}
	return v
}

// WarningView is a re-registration warning with its text.
type WarningView struct {
	Warning
	Text string `json:"text"`
}

// ViewWarnings translates list into lang.
func ViewWarnings(lang string, list []Warning) []WarningView {
	out := make([]WarningView, len(list))
	for i, w := range list {
		out[i] = WarningView{Warning: w, Text: locale.T(lang, w.Key)}
	}
	return out
}

// translate fills key's placeholders with string arguments: an argument
// that is itself a message key (a severity) is translated, and a date is
// written as a date of lang.
func translate(lang, key string, args []string) string {
	a := make([]any, len(args))
	for i, s := range args {
		a[i] = s
		if locale.Has(lang, s) {
			a[i] = locale.T(lang, s)
		} else if d, err := calendar.ParseDate(s); err == nil && len(s) == len("2006-01-02") {
			a[i] = words.Date(lang, d)
		}
	}
	return locale.T(lang, key, a...)
}
