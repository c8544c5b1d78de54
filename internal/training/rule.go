package training

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// RuleName is the name of the rule in the credit part and the code of its reason.
const RuleName = "training"

// Register adds the attendance rule, with its set-based form, to the credit
// part's eligibility. Call it while wiring the application.
func Register(c *credit.Service) { c.AddRule(RuleName, Rule, PoolRule) }

// Rule is the credit.Rule: the reason an institution fails the attendance
// requirement on day, if it does.
func Rule(ctx context.Context, q db.Queryer, institutionID int64, on calendar.Date) ([]credit.Reason, error) {
	var regionCode string
	if err := q.QueryRow(ctx, "SELECT region_code FROM institutions WHERE id = ?", institutionID).Scan(&regionCode); err != nil {
		return nil, fmt.Errorf("training: institution %d: %w", institutionID, err)
	}
	var required bool
	if err := policy.Get(ctx, q, regionCode, "training.required", on, &required); err != nil {
		return nil, err
	}
	if !required {
		return nil, nil
	}
	province := policy.ProvinceOf(regionCode)
	var sessions, attended int
	err := q.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM training_sessions ts WHERE ts.province_code = ? AND ts.year = ? AND ts.mandatory = TRUE AND ts.held_on <= ?),
		(SELECT COUNT(*) FROM training_attendance ta JOIN training_sessions ts ON ts.id = ta.session_id
			WHERE ta.institution_id = ? AND ta.attended = TRUE AND ts.province_code = ? AND ts.year = ? AND ts.mandatory = TRUE AND ts.held_on <= ?)`,
		province, on.Y, on, institutionID, province, on.Y, on).Scan(&sessions, &attended)
	if err != nil {
		return nil, fmt.Errorf("training: rule: %w", err)
	}
	if sessions == 0 || attended > 0 {
		return nil, nil
	}
	// Until the year's end: next year the next year's training decides.
	until := calendar.Date{Y: on.Y, M: 12, D: 31}
	return []credit.Reason{{Code: RuleName, Until: until, Key: "training.reason.no_attendee", Args: []string{strconv.Itoa(on.Y)}}}, nil
}

// PoolRule is Rule as one SQL condition on institutions "i", true when the
// institution fails: the policy (the province's latest version in force, or
// the default) requires training, a mandatory session of the year has been
// held in its province, and none of its people attended one.
func PoolRule(on calendar.Date) (string, []any) {
	def, _ := policy.Default("training.required")
	province := "SUBSTR(i.region_code, 1, 2) || '0000'"
	cond := `(COALESCE((SELECT pv.value_json FROM policies pv WHERE pv.province_code = ` + province + ` AND pv.key = 'training.required'
			AND pv.effective_from <= ? ORDER BY pv.effective_from DESC LIMIT 1), ?) = 'true'
		AND EXISTS (SELECT 1 FROM training_sessions ts WHERE ts.province_code = ` + province + ` AND ts.year = ? AND ts.mandatory = TRUE AND ts.held_on <= ?)
		AND NOT EXISTS (SELECT 1 FROM training_attendance ta JOIN training_sessions ts ON ts.id = ta.session_id
			WHERE ta.institution_id = i.id AND ta.attended = TRUE AND ts.province_code = ` + province + ` AND ts.year = ? AND ts.mandatory = TRUE AND ts.held_on <= ?))`
	return cond, []any{on, strings.TrimSpace(string(def)), on.Y, on, on.Y, on}
}
