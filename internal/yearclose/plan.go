package yearclose

import (
	"context"
	"math/big"
	"sort"

	"evalcred/internal/assessment"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/fee"
	"evalcred/internal/policy"
)

// Grades of a year (policy assessment.grade_bands).
const (
	GradeExcellent   = "excellent"
	GradeGood        = "good"
	GradeQualified   = "qualified"
	GradeUnqualified = "unqualified"
)

// Kinds of consequence (policy assessment.consequences).
const (
	KindConsecutiveQualified = "consecutive_qualified"
	KindUnqualified          = "unqualified"
	KindBottomN              = "bottom_n"
)

// Band is one band of assessment.grade_bands: from Min (x100) on, Grade.
type Band struct {
	Grade string `json:"grade"`
	Min   int    `json:"min"`
}

// Rules are the consequence rules of assessment.consequences.
type Rules struct {
	ConsecutiveQualifiedYears            int    `json:"consecutive_qualified_years"`
	ConsecutiveQualifiedSuspensionMonths int    `json:"consecutive_qualified_suspension_months"`
	UnqualifiedSuspensionMonths          int    `json:"unqualified_suspension_months"`
	UnqualifiedRecordSeverity            string `json:"unqualified_record_severity"`
	BottomN                              int    `json:"bottom_n"`
	BottomNBarMonths                     int    `json:"bottom_n_bar_months"`
}

// Policy is every rule of a year's close except fees.
type Policy struct {
	Bands     []Band `json:"grade_bands"`
	Rules     Rules  `json:"consequences"`
	Weighting string `json:"grade_weighting"` // "amount" (default) or "equal"
	Fees      fee.Policy
}

// YearEnd is the day whose policy governs a year's grades, consequences and
// fees: 31 December. A version effective from a later year never reaches
// back, and one adopted during the year counts for the whole year.
func YearEnd(year int) calendar.Date { return calendar.Date{Y: year, M: 12, D: 31} }

// LoadPolicy reads the rules in force for year in the province.
func LoadPolicy(ctx context.Context, q db.Queryer, province string, year int) (Policy, error) {
	var p Policy
	on := YearEnd(year)
	for key, dst := range map[string]any{"assessment.grade_bands": &p.Bands, "assessment.consequences": &p.Rules,
		"assessment.grade_weighting": &p.Weighting} {
		if err := policy.Get(ctx, q, province, key, on, dst); err != nil {
			return p, err
		}
	}
	var err error
	p.Fees, err = fee.LoadPolicy(ctx, q, province, on)
	return p, err
}

// Item is one final assessment counted in a year, with its project's
// amounts, as the assessment part lists them.
type Item = assessment.Counted

// Grade is an institution's result for a year.
type Grade struct {
	InstitutionID int64  `json:"institution_id"`
	Score         int    `json:"score"` // x100
	Grade         string `json:"grade"`
	Assessments   int    `json:"assessments"`
}

// GradeOf is the band score falls in: the highest Min not above it.
func GradeOf(score int, bands []Band) string {
	bs := append([]Band(nil), bands...)
	sort.Slice(bs, func(i, j int) bool { return bs[i].Min > bs[j].Min })
	for _, b := range bs {
		if score >= b.Min {
			return b.Grade
		}
	}
	return GradeUnqualified
}

// Weight is an item's weight in its institution's grade: the project amount
// under "amount" weighting, 1 under "equal"; when every amount of an
// institution is 0 the amounts cannot weigh and each item counts once.
func Weight(it Item, weighting string, allZero bool) int64 {
	if weighting == "equal" || allZero {
		return 1
	}
	return it.AmountFen
}

// Grades computes each institution's weighted score and grade, in
// institution id order. Items must be sorted by institution id. The score is
// sum(total x weight) / sum(weight), rounded half away from zero at 0.01
// point with integers (math/big: amounts in fen times scores can be large).
func Grades(items []Item, p Policy) []Grade {
	var out []Grade
	for i := 0; i < len(items); {
		j := i
		allZero := true
		for j < len(items) && items[j].InstitutionID == items[i].InstitutionID {
			allZero = allZero && items[j].AmountFen == 0
			j++
		}
		num, den := new(big.Int), new(big.Int)
		for _, it := range items[i:j] {
			w := big.NewInt(Weight(it, p.Weighting, allZero))
			num.Add(num, new(big.Int).Mul(big.NewInt(int64(it.Total)), w))
			den.Add(den, w)
		}
		score := int(fee.RoundDiv(num, den))
		out = append(out, Grade{InstitutionID: items[i].InstitutionID, Score: score, Grade: GradeOf(score, p.Bands), Assessments: j - i})
		i = j
	}
	return out
}
