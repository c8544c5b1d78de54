package credit

import (
	"context"
	"fmt"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
	"evalcred/internal/region"
)

// EligiblePool returns, in id order, every institution in scope that Standing
// would call eligible on day: one set-based query (NOT EXISTS per blocking
// condition, and each added rule's PoolRule), never one query per
// institution, for selection among tens of thousands. The serious-record
// lookback is the policy of the scope's province.
func (s *Service) EligiblePool(ctx context.Context, q db.Queryer, scope region.Scope, day calendar.Date) ([]int64, error) {
	lookback, err := policy.Int(ctx, q, scope.Code, "credit.eligibility_serious_lookback_years", day)
	if err != nil {
		return nil, err
	}
	cond, args := scope.SQL("i.region_code")
	sf, sargs := inForceSQL("s", day)
	rf, rargs := tookEffectSQL("r", day)
	sql := `SELECT i.id FROM institutions i WHERE ` + cond + ` AND i.status = 'active' AND i.approved_version > 0
		AND NOT EXISTS (SELECT 1 FROM sanctions s WHERE s.institution_id = i.id AND s.type IN ('ban', 'suspension') AND ` + sf + `)
		AND NOT EXISTS (SELECT 1 FROM credit_records r WHERE r.institution_id = i.id AND r.kind = 'bad' AND r.severity = 'serious'
			AND r.effective_on > ? AND ` + rf + `)`
	args = append(args, sargs...)
	args = append(args, addYears(day, -lookback))
	args = append(args, rargs...)
	for _, r := range s.ruleList() {
		c, a := r.pool(day)
		sql += " AND NOT (" + c + ")"
		args = append(args, a...)
	}
	rows, err := q.Query(ctx, sql+" ORDER BY i.id", args...)
	if err != nil {
		return nil, fmt.Errorf("credit: eligible pool: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
