package training

import (
	"context"
	"strconv"

	"evalcred/internal/calendar"
	"evalcred/internal/credit"
)

// RuleName is the code of the attendance rule's reason.
const RuleName = "training"

// Register adds the attendance rule to the credit part's eligibility. Call
// it while wiring the application.
func Register(c *credit.Service) { c.AddRule(Rule) }

// Rule is the attendance rule: where policy training.required holds, an
// institution of a province that has held a mandatory session this year is
// ineligible until one of its people has attended one, at most until the
// year's end (next year the next year's training decides).
var Rule = credit.Rule{Code: RuleName, Key: "training.reason.no_attendee", Block: func(ctx context.Context, in credit.RuleScope) (credit.Block, error) {
	var required bool
	if err := in.Get(ctx, "training.required", &required); err != nil || !required {
		return credit.Block{}, err
	}
	on := in.On
	province := "SUBSTR(i.region_code, 1, 2) || '0000'"
	return credit.Block{
		Where: `EXISTS (SELECT 1 FROM training_sessions ts WHERE ts.province_code = ` + province + ` AND ts.year = ? AND ts.mandatory = TRUE AND ts.held_on <= ?)
		AND NOT EXISTS (SELECT 1 FROM training_attendance ta JOIN training_sessions ts ON ts.id = ta.session_id
			WHERE ta.institution_id = i.id AND ta.attended = TRUE AND ts.province_code = ` + province + ` AND ts.year = ? AND ts.mandatory = TRUE AND ts.held_on <= ?)`,
		Args:   []any{on.Y, on, on.Y, on},
		Reason: credit.Reason{Until: calendar.Date{Y: on.Y, M: 12, D: 31}, Args: []string{strconv.Itoa(on.Y)}},
	}, nil
}}
