package credit

import (
	"context"

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
	if _, err := s.visibleInstitution(ctx, a, institutionID); err != nil {
		return Standing{}, err
	}
	return s.Standing(ctx, s.DB, institutionID, calendar.Current(s.Clock))
}

// visibleInstitution reads an institution whose credit a may see: officials
// with credit.view inside their scope, institution users their own.
func (s *Service) visibleInstitution(ctx context.Context, a *auth.Actor, id int64) (*institution, error) {
	switch {
	case a.Can("credit.view"):
		return institutionStore{s.DB}.scoped(ctx, a.Scope(), id)
	case a.Can("credit.view_own") && a.ActsFor(id):
		return institutionStore{s.DB}.get(ctx, id)
	case a == nil:
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	return nil, apperr.NotFoundf("institution")
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
	recs, err := recordStore{q}.counting(ctx, institutionID, on)
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

// Overview is an institution's credit page: its name, its standing, and
// the record behind each reason that has one.
type Overview struct {
	Name, USCC string
	Standing   Standing
	// ReasonRecords maps the index of a reason to the record it comes from:
	// a serious record names itself, a ban or suspension the record it was
	// imposed with.
	ReasonRecords map[int]int64
}

// Overview reads an institution's credit page for a, who may see it like
// its standing.
func (s *Service) Overview(ctx context.Context, a *auth.Actor, institutionID int64) (Overview, error) {
	inst, err := s.visibleInstitution(ctx, a, institutionID)
	if err != nil {
		return Overview{}, err
	}
	today := calendar.Current(s.Clock)
	ov := Overview{Name: inst.Name, USCC: inst.USCC, ReasonRecords: map[int]int64{}}
	if ov.Standing, err = s.Standing(ctx, s.DB, institutionID, today); err != nil {
		return ov, err
	}
	var sanctions []Sanction
	for i, r := range ov.Standing.Reasons {
		switch {
		case r.RecordID != 0:
			ov.ReasonRecords[i] = r.RecordID
		case r.SanctionID != 0:
			if sanctions == nil {
				if sanctions, err = (sanctionStore{s.DB}).inForce(ctx, institutionID, today); err != nil {
					return ov, err
				}
			}
			for _, sn := range sanctions {
				if sn.ID == r.SanctionID && sn.SourceKind == SourceCreditRecord {
					ov.ReasonRecords[i] = sn.SourceID
				}
			}
		}
	}
	return ov, nil
}
