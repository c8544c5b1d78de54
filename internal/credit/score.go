package credit

import (
	"context"
	"fmt"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// scoreModel is policy credit.score, in points.
type scoreModel struct {
	Base       int            `json:"base"`
	Deduct     map[string]int `json:"deduct"`
	BonusGood  int            `json:"bonus_good"`
	BonusMax   int            `json:"bonus_max"`
	DecayYears int            `json:"decay_years"`
}

type gradeBand struct {
	Grade string `json:"grade"`
	Min   int    `json:"min"` // x100
}

// score fills st.Score (x100), Grade and Explanation: base points, minus each
// counting bad record's deduction scaled down linearly with its age until it
// reaches zero after decay_years, plus each commendation of the same period
// up to bonus_max. Integer arithmetic in hundredths, so both engines and
// every run agree to the point.
func score(ctx context.Context, q db.Queryer, regionCode string, on calendar.Date, recs []countingRecord, st *Standing) error {
	var m scoreModel
	if err := policy.Get(ctx, q, regionCode, "credit.score", on, &m); err != nil {
		return err
	}
	var bands []gradeBand
	if err := policy.Get(ctx, q, regionCode, "credit.grade_bands", on, &bands); err != nil {
		return err
	}
	total := m.Base * 100
	st.Explanation = []Line{{Key: "credit.explain.base", Args: []string{points(total)}}}
	decayDays := max(1, on.DaysUntil(addYears(on, m.DecayYears)))
	bonus := 0
	for _, r := range recs {
		age := r.effectiveOn.DaysUntil(on)
		if age >= decayDays {
			continue
		}
		switch r.kind {
		case KindBad:
			d := m.Deduct[r.severity] * 100 * (decayDays - age) / decayDays
			total -= d
			st.Explanation = append(st.Explanation, Line{Key: "credit.explain.deduction",
				Args: []string{itoa(r.id), "creditweb.severity." + r.severity, r.effectiveOn.String(), points(d)}})
		case KindGood:
			b := min(m.BonusGood*100, m.BonusMax*100-bonus)
			if b > 0 {
				bonus += b
				total += b
				st.Explanation = append(st.Explanation, Line{Key: "credit.explain.bonus", Args: []string{itoa(r.id), points(b)}})
			}
		}
	}
	st.Score = max(0, total)
	for _, b := range bands {
		if st.Score >= b.Min {
			st.Grade = b.Grade
			break
		}
	}
	st.Explanation = append(st.Explanation, Line{Key: "credit.explain.total", Args: []string{points(st.Score), st.Grade}})
	return nil
}

// points formats a x100 score as "92.50".
func points(x100 int) string { return fmt.Sprintf("%d.%02d", x100/100, x100%100) }
