package registry

import (
	"context"
	"evalcred/internal/textnorm"
	"fmt"

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
}

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
	today := calendar.DateOf(now)
	if a.Role == auth.RoleInstitution {
		in, err := Load(ctx, s.DB, a.InstitutionID, now)
		if err != nil {
			return nil, err
		}
		return &InstitutionList{Items: []*Institution{in}, Total: 1}, nil
	}
	if err := a.Require("institution.view"); err != nil {
		return nil, err
	}
	page = page.Norm()
	cond, args := a.Scope().SQL("i.region_code")
	where := " WHERE " + cond
	add := func(c string, v ...any) { where += " AND " + c; args = append(args, v...) }
	if f.RegionCode != "" {
		c, a2 := scopeOf(f.RegionCode).SQL("i.region_code")
		add(c, a2...)
	}
	if f.Q != "" {
		add(`(i.name_norm LIKE ? ESCAPE '\' OR i.uscc = ?)`, db.Like(textnorm.Name(f.Q)), f.Q)
	}
	if f.Status != "" {
		add("i.status = ?", f.Status)
	}
	if f.FilingState != "" {
		add("i.filing_state = ?", f.FilingState)
	}
	if f.Type != "" {
		add("i.type = ?", f.Type)
	}
	if f.UpdateOverdue {
		add("i.approved_version > 0 AND i.update_due_on < ?", today)
	}
	out := &InstitutionList{Items: []*Institution{}}
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM institutions i"+where, args...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("registry: count institutions: %w", err)
	}
	rows, err := s.DB.Query(ctx, "SELECT "+instCols+" FROM institutions i"+where+" ORDER BY i.name_norm, i.id LIMIT ? OFFSET ?",
		append(args, page.Limit, page.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("registry: list institutions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		in, err := scanInstitution(rows, today)
		if err != nil {
			return nil, fmt.Errorf("registry: list institutions: %w", err)
		}
		out.Items = append(out.Items, in)
	}
	return out, rows.Err()
}
