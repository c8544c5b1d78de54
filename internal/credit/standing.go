package credit

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// Reason is one thing that makes an institution ineligible.
type Reason struct {
	// Code is inactive, filing_not_approved, ban, suspension, serious_record,
	// or the code of a rule added with AddRule.
	Code       string        `json:"code"`
	RecordID   int64         `json:"record_id,omitempty"`
	SanctionID int64         `json:"sanction_id,omitempty"`
	Until      calendar.Date `json:"until"` // last blocking day; null when the reason has no end date
	Key        string        `json:"key"`   // message key of the text
	Args       []string      `json:"args,omitempty"`
}

// Line is one line of the score's explanation: a message key and its arguments.
type Line struct {
	Key  string   `json:"key"`
	Args []string `json:"args,omitempty"`
}

// Standing is an institution's eligibility and credit score on a date: the
// one place every other part (selection, public pages, exports) asks.
type Standing struct {
	InstitutionID int64         `json:"institution_id"`
	On            calendar.Date `json:"on"`
	Eligible      bool          `json:"eligible"`
	// Until is, when every reason has an end date, the last ineligible day:
	// the institution is eligible again the day after. Null otherwise.
	Until       calendar.Date `json:"until"`
	Reasons     []Reason      `json:"reasons"`
	Score       int           `json:"score"` // x100: 9250 is 92.50 points
	Grade       string        `json:"grade"`
	Explanation []Line        `json:"explanation"`
}

// StandingOf is GET /api/v1/institutions/{id}/standing: officials with
// credit.view inside their scope, institution users for their own.
func (s *Service) StandingOf(ctx context.Context, a *auth.Actor, institutionID int64) (Standing, error) {
	switch {
	case a.Can("credit.view"):
		if _, err := scopedInstitution(ctx, s.DB, a, institutionID); err != nil {
			return Standing{}, err
		}
	case a.Can("credit.view_own") && a.InstitutionID == institutionID:
	case a == nil:
		return Standing{}, apperr.New(apperr.Unauthorized, "error.unauthorized")
	default:
		return Standing{}, apperr.NotFoundf("institution")
	}
	return s.Standing(ctx, s.DB, institutionID, s.today())
}

// Standing computes an institution's standing on day under the policy in
// force that day: ineligible for every reason the eligibility rules find
// (rules.go, and those added with AddRule), eligible otherwise; and its score.
func (s *Service) Standing(ctx context.Context, q db.Queryer, institutionID int64, on calendar.Date) (Standing, error) {
	st := Standing{InstitutionID: institutionID, On: on, Reasons: []Reason{}}
	regionCode, err := institutionStore{q}.region(ctx, institutionID)
	if err != nil {
		return st, err
	}
	if st.Reasons, err = s.reasons(ctx, q, institutionID, regionCode, on); err != nil {
		return st, err
	}
	st.Eligible = len(st.Reasons) == 0
	if !st.Eligible {
		st.Until = lastBlockingDay(st.Reasons)
	}
	recs, err := countingRecords(ctx, q, institutionID, on)
	if err != nil {
		return st, err
	}
	return st, score(ctx, q, regionCode, on, recs, &st)
}

// lastBlockingDay is the latest Until when every reason is dated, else zero.
func lastBlockingDay(rs []Reason) calendar.Date {
	var until calendar.Date
	for _, r := range rs {
		if r.Until.IsZero() {
			return calendar.Date{}
		}
		if r.Until.After(until) {
			until = r.Until
		}
	}
	return until
}

type countingRecord struct {
	id             int64
	kind, severity string
	effectiveOn    calendar.Date
}

// countingRecords are the institution's records that count on day.
func countingRecords(ctx context.Context, q db.Queryer, institutionID int64, on calendar.Date) ([]countingRecord, error) {
	c, args := tookEffectSQL("r", on)
	rows, err := q.Query(ctx, "SELECT r.id, r.kind, r.severity, r.effective_on FROM credit_records r WHERE r.institution_id = ? AND "+c+" ORDER BY r.effective_on, r.id",
		append([]any{institutionID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("credit: records: %w", err)
	}
	defer rows.Close()
	var out []countingRecord
	for rows.Next() {
		var r countingRecord
		if err := rows.Scan(&r.id, &r.kind, &r.severity, &r.effectiveOn); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
