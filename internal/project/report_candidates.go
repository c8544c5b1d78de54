package project

import (
	"context"
	"slices"

	"evalcred/internal/auth"
	"evalcred/internal/policy"
	"evalcred/internal/region"
)

// ReviewerChoice is a user who may be assigned to a project's report
// review, as the assigning official reads them.
type ReviewerChoice struct {
	Username   string `json:"username"`
	Name       string `json:"name"`
	Party      string `json:"party"`
	RegionCode string `json:"region_code"`
}

// ReviewerChoices lists the active users of the project's province who may
// review its report and are not assigned yet, by party and name: experts,
// fund departments and the provincial finance department's reviewers.
func (s *Service) ReviewerChoices(ctx context.Context, a *auth.Actor, projectID int64) ([]ReviewerChoice, error) {
	p, err := LoadManaged(ctx, s.DB, a, projectID, ActionAssignReviewer)
	if err != nil {
		return nil, err
	}
	roles := make([]string, 0, len(partyOf))
	for r := range partyOf {
		roles = append(roles, string(r))
	}
	slices.Sort(roles)
	out, err := reviewStore{s.DB}.choices(ctx, p.ID, roles, region.Scope{Code: policy.ProvinceOf(p.RegionCode)})
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Party = partyOf[auth.Role(out[i].Party)]
	}
	slices.SortStableFunc(out, func(x, y ReviewerChoice) int {
		return slices.Index(Parties, x.Party) - slices.Index(Parties, y.Party)
	})
	return out, nil
}
