package yearclose

import "evalcred/internal/fee"

// FeeHeaders are the columns of the fee sheet (message keys).
var FeeHeaders = []string{"fee.col.project_id", "fee.col.project", "fee.col.institution_id", "fee.col.institution", "fee.col.basis",
	"fee.col.person_days", "fee.col.daily_rate", "fee.col.basic", "fee.col.pool", "fee.col.score", "fee.col.percent", "fee.col.performance", "fee.col.total"}

// FeeCells is one row of the fee sheet in FeeHeaders' order, money in yuan
// with two decimals as text.
func FeeCells(f FeeRow) []any {
	return []any{f.ProjectID, f.ProjectName, f.InstitutionID, f.InstitutionName, f.Basis, f.PersonDays, fee.Yuan(f.DailyRateFen), fee.Yuan(f.BasicFen),
		fee.Yuan(f.PoolFen), fee.Yuan(int64(f.QualityScore)), f.CoefficientPercent, fee.Yuan(f.PerformanceFen), fee.Yuan(f.TotalFen)}
}
