package credit

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
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

// Rule is an eligibility rule another part adds (training attendance,
// assessment consequences): the reasons one institution fails it on a date.
type Rule func(ctx context.Context, q db.Queryer, institutionID int64, on calendar.Date) ([]Reason, error)

// PoolRule is a Rule's set-based counterpart for EligiblePool: an SQL
// condition on the institutions alias "i" that is true when the institution
// FAILS the rule on date on (typically "NOT EXISTS (...)"), with its ? args.
// Both must agree; the pool never calls Rule per institution.
type PoolRule func(on calendar.Date) (cond string, args []any)

type namedRule struct {
	name  string
	check Rule
	pool  PoolRule
}

// AddRule registers an extra eligibility rule with its set-based form. Call
// it while wiring the application, before serving.
func (s *Service) AddRule(name string, check Rule, pool PoolRule) {
	if check == nil || pool == nil {
		panic("credit: AddRule " + name + " needs both the check and its pool form")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = append(s.rules, namedRule{name, check, pool})
}

func (s *Service) ruleList() []namedRule {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]namedRule(nil), s.rules...)
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

// Standing computes an institution's standing on day under the policy in force
// that day. Ineligible when its registration is not active, its filing was
// never approved, a ban or suspension is in force, a serious bad record took
// effect within credit.eligibility_serious_lookback_years, or an added rule
// says so.
func (s *Service) Standing(ctx context.Context, q db.Queryer, institutionID int64, on calendar.Date) (Standing, error) {
	st := Standing{InstitutionID: institutionID, On: on, Reasons: []Reason{}}
	var status, regionCode string
	var approved int
	err := q.QueryRow(ctx, "SELECT status, approved_version, region_code FROM institutions WHERE id = ?", institutionID).Scan(&status, &approved, &regionCode)
	if db.IsNoRows(err) {
		return st, apperr.NotFoundf("institution")
	}
	if err != nil {
		return st, fmt.Errorf("credit: standing: %w", err)
	}
	if status != "active" {
		st.Reasons = append(st.Reasons, Reason{Code: "inactive", Key: "credit.reason.inactive", Args: []string{status}})
	}
	if approved == 0 {
		st.Reasons = append(st.Reasons, Reason{Code: "filing_not_approved", Key: "credit.reason.filing_not_approved"})
	}
	restr, err := Restrictions(ctx, q, institutionID, on)
	if err != nil {
		return st, err
	}
	for _, r := range restr {
		if r.Type == SanctionBan || r.Type == SanctionSuspension {
			st.Reasons = append(st.Reasons, Reason{Code: r.Type, SanctionID: r.ID, Until: r.EndsOn, Key: "credit.reason." + r.Type,
				Args: []string{r.EndsOn.String()}})
		}
	}
	recs, err := countingRecords(ctx, q, institutionID, on)
	if err != nil {
		return st, err
	}
	lookback, err := policy.Int(ctx, q, regionCode, "credit.eligibility_serious_lookback_years", on)
	if err != nil {
		return st, err
	}
	for _, r := range recs {
		if r.kind == KindBad && r.severity == SeveritySerious && r.effectiveOn.After(addYears(on, -lookback)) {
			until := addYears(r.effectiveOn, lookback).AddDays(-1)
			st.Reasons = append(st.Reasons, Reason{Code: "serious_record", RecordID: r.id, Until: until, Key: "credit.reason.serious_record",
				Args: []string{r.effectiveOn.String(), until.String()}})
		}
	}
	for _, rule := range s.ruleList() {
		rs, err := rule.check(ctx, q, institutionID, on)
		if err != nil {
			return st, fmt.Errorf("credit: rule %s: %w", rule.name, err)
		}
		st.Reasons = append(st.Reasons, rs...)
	}
	st.Eligible = len(st.Reasons) == 0
	if !st.Eligible {
		st.Until = lastBlockingDay(st.Reasons)
	}
	if err := score(ctx, q, regionCode, on, recs, &st); err != nil {
		return st, err
	}
	return st, nil
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
