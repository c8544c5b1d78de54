package assessment

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// maxJustification caps a justification's length in characters.
const maxJustification = 5000

// ParseScore reads a score of 0-100 with at most two decimals ("85",
// "85.5", "85.25") as an integer x100, without floating point.
func ParseScore(s string) (int, bool) {
	s = strings.TrimSpace(s)
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || (hasFrac && frac == "") {
		return 0, false
	}
	w, err := strconv.Atoi(whole)
	if err != nil || w < 0 || strings.HasPrefix(whole, "+") {
		return 0, false
	}
	f := 0
	if frac != "" {
		for len(frac) < 2 {
			frac += "0"
		}
		if f, err = strconv.Atoi(frac); err != nil || strings.HasPrefix(frac, "+") || strings.HasPrefix(frac, "-") {
			return 0, false
		}
	}
	v := w*100 + f
	return v, v <= 10000
}

// parseInput checks the scores and justifications of every dimension and
// returns the scores x100; field errors name "scores.onsite",
// "justifications.onsite" and so on.
func parseInput(scores map[string]json.Number, justifications map[string]string, f *apperr.Fields) (Scores, map[string]string) {
	out, just := Scores{}, map[string]string{}
	for _, d := range Dimensions {
		raw, ok := scores[d]
		if !ok || raw == "" {
			f.Add("scores."+d, "field.required")
		} else if v, ok := ParseScore(raw.String()); !ok {
			f.Add("scores."+d, "assessment.field.score_range")
		} else {
			out[d] = v
		}
		j := strings.TrimSpace(justifications[d])
		switch {
		case j == "":
			f.Add("justifications."+d, "assessment.field.justification_required")
		case utf8.RuneCountInString(j) > maxJustification:
			f.Add("justifications."+d, "assessment.field.too_long")
		}
		just[d] = j
	}
	for k := range scores {
		if _, known := dimensionSet[k]; !known {
			f.Add("scores."+k, "assessment.field.unknown_dimension")
		}
	}
	return out, just
}

var dimensionSet = func() map[string]bool {
	m := map[string]bool{}
	for _, d := range Dimensions {
		m[d] = true
	}
	return m
}()

// Weights are the dimension weights of assessment.weights.
type Weights map[string]int

// WeightsOn reads assessment.weights for the province of regionCode on day.
func WeightsOn(ctx context.Context, q db.Queryer, regionCode string, on calendar.Date) (Weights, error) {
	var w Weights
	err := policy.Get(ctx, q, regionCode, "assessment.weights", on, &w)
	return w, err
}

// Total is the weighted score x100: the sum of score x weight over the sum
// of weights, rounded half away from zero at 0.01 point (integers only).
func Total(s Scores, w Weights) int {
	var num, den int64
	for _, d := range Dimensions {
		num += int64(s[d]) * int64(w[d])
		den += int64(w[d])
	}
	return int(RoundDiv(num, den))
}

// RoundDiv is n/d rounded half away from zero; d <= 0 gives 0.
func RoundDiv(n, d int64) int64 {
	if d <= 0 {
		return 0
	}
	if n < 0 {
		return -((-n*2 + d) / (2 * d))
	}
	return (n*2 + d) / (2 * d)
}

// TimelinessSuggestion is the prefilled timeliness score x100: 100 when the
// project was completed by its deadline, less
// assessment.timeliness_late_penalty_per_workday points per working day late,
// never below 0. No deadline, no suggestion (ok false).
func (s *Service) TimelinessSuggestion(ctx context.Context, q db.Queryer, regionCode string, deadline, completed calendar.Date) (score, lateWorkdays int, ok bool, err error) {
	if deadline.IsZero() || completed.IsZero() {
		return 0, 0, false, nil
	}
	penalty, err := policy.Int(ctx, q, regionCode, "assessment.timeliness_late_penalty_per_workday", completed)
	if err != nil {
		return 0, 0, false, err
	}
	late := max(0, s.cal().WorkdaysBetween(deadline, completed))
	return max(0, 100-late*penalty) * 100, late, true, nil
}
