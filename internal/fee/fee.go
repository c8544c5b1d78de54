// Package fee computes what an institution is paid for its part in a
// project: fee = basic fee + performance fee, by the fee.* policy keys
// (their defaults are in internal/policy/defaults.json).
//
//   - Basic fee, by policy fee.basis: "person_days" (the default) is the
//     institution's person-days x fee.daily_rate_fen, exact; "fund_size" takes
//     the project's basic fee from fee.fund_size_table by the project's amount
//     and shares it among the team's institutions by person-days (equally
//     when none were recorded).
//   - Performance fee: the project's pool (its fee budget x
//     fee.performance_pool_percent) shared like the basic fee, times the
//     coefficient fee.coefficients gives the institution's quality score on
//     that project.
//
// Money is integer fen. Every amount is computed as one exact fraction of
// integers (math/big, so no product can overflow) and rounded once, half
// away from zero at the fen: 0.5 fen becomes 1 fen, -0.5 fen becomes -1 fen.
// Shares of one project may therefore add up to the pool +/- 1 fen per
// institution; no amount is ever rounded twice.
package fee

import (
	"context"
	"math/big"
	"sort"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// Bases of the basic fee (policy fee.basis).
const (
	BasisPersonDays = "person_days"
	BasisFundSize   = "fund_size"
)

// Coefficient is one band of fee.coefficients: from Min (score x100) on, the
// performance fee is Percent of the pool share.
type Coefficient struct {
	Min     int `json:"min"`
	Percent int `json:"percent"`
}

// SizeRow is one band of fee.fund_size_table: a project of at least
// MinAmountFen has a basic fee of BasicFen.
type SizeRow struct {
	MinAmountFen int64 `json:"min_amount_fen"`
	BasicFen     int64 `json:"basic_fen"`
}

// Policy is every fee rule in force for a year.
type Policy struct {
	Basis        string        `json:"basis"`
	DailyRateFen int64         `json:"daily_rate_fen"`
	SizeTable    []SizeRow     `json:"fund_size_table"`
	Coefficients []Coefficient `json:"coefficients"`
	PoolPercent  int64         `json:"performance_pool_percent"`
}

// LoadPolicy reads the fee rules of the province of regionCode in force on day.
func LoadPolicy(ctx context.Context, q db.Queryer, regionCode string, on calendar.Date) (Policy, error) {
	var p Policy
	for key, dst := range map[string]any{"fee.basis": &p.Basis, "fee.daily_rate_fen": &p.DailyRateFen, "fee.fund_size_table": &p.SizeTable,
		"fee.coefficients": &p.Coefficients, "fee.performance_pool_percent": &p.PoolPercent} {
		if err := policy.Get(ctx, q, regionCode, key, on, dst); err != nil {
			return p, err
		}
	}
	return p, nil
}

// Member is one institution of a project with what its fee depends on.
type Member struct {
	InstitutionID int64
	AssessmentID  int64
	PersonDays    int64
	Score         int // quality score x100 on this project
}

// Project is a project's facts for its fees.
type Project struct {
	ID           int64
	AmountFen    int64
	FeeBudgetFen int64
	Members      []Member
}

// Line is the fee of one institution on one project, with every input shown.
type Line struct {
	ProjectID          int64  `json:"project_id"`
	InstitutionID      int64  `json:"institution_id"`
	AssessmentID       int64  `json:"assessment_id"`
	Basis              string `json:"basis"`
	PersonDays         int64  `json:"person_days"`
	DailyRateFen       int64  `json:"daily_rate_fen"`
	BasicFen           int64  `json:"basic_fen"`
	PoolFen            int64  `json:"pool_fen"` // the whole project's performance pool
	QualityScore       int    `json:"quality_score"`
	CoefficientPercent int64  `json:"coefficient_percent"`
	PerformanceFen     int64  `json:"performance_fen"`
	TotalFen           int64  `json:"total_fen"`
}

// Compute returns one line per member of p under pol.
func Compute(p Project, pol Policy) []Line {
	var days int64
	for _, m := range p.Members {
		days += m.PersonDays
	}
	// weight is a member's share: person-days, or one each when none were recorded.
	weight := func(m Member) (int64, int64) {
		if days == 0 {
			return 1, int64(len(p.Members))
		}
		return m.PersonDays, days
	}
	pool := MulDiv([]int64{p.FeeBudgetFen, pol.PoolPercent}, []int64{100})
	out := make([]Line, 0, len(p.Members))
	for _, m := range p.Members {
		w, total := weight(m)
		l := Line{ProjectID: p.ID, InstitutionID: m.InstitutionID, AssessmentID: m.AssessmentID, Basis: pol.Basis, PersonDays: m.PersonDays,
			PoolFen: pool, QualityScore: m.Score, CoefficientPercent: pol.Percent(m.Score)}
		if pol.Basis == BasisFundSize {
			l.BasicFen = MulDiv([]int64{pol.BasicOfAmount(p.AmountFen), w}, []int64{total})
		} else {
			l.DailyRateFen = pol.DailyRateFen
			l.BasicFen = m.PersonDays * pol.DailyRateFen
		}
		l.PerformanceFen = MulDiv([]int64{p.FeeBudgetFen, pol.PoolPercent, w, l.CoefficientPercent}, []int64{100, total, 100})
		l.TotalFen = l.BasicFen + l.PerformanceFen
		out = append(out, l)
	}
	return out
}

// Percent is the coefficient of the band score (x100) falls in: the band with
// the highest Min not above it; 0 below every band.
func (p Policy) Percent(score int) int64 {
	bands := append([]Coefficient(nil), p.Coefficients...)
	sort.Slice(bands, func(i, j int) bool { return bands[i].Min > bands[j].Min })
	for _, b := range bands {
		if score >= b.Min {
			return int64(b.Percent)
		}
	}
	return 0
}

// BasicOfAmount is the project basic fee of fee.fund_size_table for a
// project amount: the row with the highest minimum not above it.
func (p Policy) BasicOfAmount(amountFen int64) int64 {
	rows := append([]SizeRow(nil), p.SizeTable...)
	sort.Slice(rows, func(i, j int) bool { return rows[i].MinAmountFen > rows[j].MinAmountFen })
	for _, r := range rows {
		if amountFen >= r.MinAmountFen {
			return r.BasicFen
		}
	}
	return 0
}

// MulDiv returns the product of nums divided by the product of dens,
// rounded half away from zero; a zero denominator gives 0.
func MulDiv(nums, dens []int64) int64 {
	n, d := big.NewInt(1), big.NewInt(1)
	for _, v := range nums {
		n.Mul(n, big.NewInt(v))
	}
	for _, v := range dens {
		d.Mul(d, big.NewInt(v))
	}
	return RoundDiv(n, d)
}

// RoundDiv is n/d rounded half away from zero, with integers only.
func RoundDiv(n, d *big.Int) int64 {
	if d.Sign() == 0 {
		return 0
	}
	neg := (n.Sign() < 0) != (d.Sign() < 0)
	an, ad := new(big.Int).Abs(n), new(big.Int).Abs(d)
	// floor((2|n| + |d|) / (2|d|)) is |n|/|d| rounded half up.
	q := new(big.Int).Mul(an, big.NewInt(2))
	q.Add(q, ad)
	q.Quo(q, new(big.Int).Mul(ad, big.NewInt(2)))
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}
