package registry

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// GetInstitution returns an institution: to officials (institution.view or
// filing.view) inside their region, to institution users only their own.
// Anyone else gets NotFound, as for a missing one.
func (s *Service) GetInstitution(ctx context.Context, a *auth.Actor, id int64) (*Institution, error) {
	return LoadFor(ctx, s.DB, a, id, s.Clock.Now())
}

// Filter selects institutions for ListInstitutions; empty fields match all.
type Filter struct {
	// Q matches the normalised name or the USCC.
	Q           string `json:"q"`
	Status      string `json:"status"`
	FilingState string `json:"filing_state"`
	Type        string `json:"type"`
	// RegionCode narrows the list to a subtree inside the caller's region.
	RegionCode string `json:"region_code"`
	// UpdateOverdue selects approved institutions past their update date.
	UpdateOverdue bool `json:"update_overdue"`
	// Sort is the order chosen among InstitutionSorts.
	Sort db.Sort `json:"sort"`
}

// InstitutionSorts are the orders of the institution list. By default it
// goes region by region, then by name: officials work through their
// regions, and neither engine offers the same Chinese (pinyin) collation,
// so a name order alone would be by code point, which reads as random.
var InstitutionSorts = db.Sorts{Cols: map[string]string{
	"region": "i.region_code, i.name_norm",
	"name":   "i.name_norm",
	"uscc":   "i.uscc",
	"type":   "i.type, i.name_norm",
	"status": "i.status, i.name_norm",
	"filing": "i.filing_state, i.name_norm",
	"due":    "i.update_due_on IS NULL, i.update_due_on, i.name_norm",
}, Default: db.Sort{Key: "region"}}

// InstitutionList is a page of institutions with the total matching.
type InstitutionList struct {
	Items []*Institution `json:"items"`
	Total int            `json:"total"`
}

// ListInstitutions returns the institutions in a's region matching f, by
// name. Institution users get only their own. Permission institution.view
// (officials) or being an institution user.
func (s *Service) ListInstitutions(ctx context.Context, a *auth.Actor, f Filter, page Page) (*InstitutionList, error) {
	if a == nil {
		return nil, a.Require("institution.view")
	}
	now := s.Clock.Now()
	if a.ForInstitution() {
		in, err := Load(ctx, s.DB, a.InstitutionID, now)
		if err != nil {
			return nil, err
		}
		return &InstitutionList{Items: []*Institution{in}, Total: 1}, nil
	}
	if err := a.Require("institution.view"); err != nil {
		return nil, err
	}
	return institutionStore{s.DB}.list(ctx, a.Scope(), f, page.Norm(), calendar.DateOf(now))
}
