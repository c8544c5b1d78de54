package assessment

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// Get is GET /api/v1/assessments/{id}: an assessment the actor may see
// (officials those of projects in their region, institution users their
// own), NotFound otherwise.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Assessment, error) {
	return s.load(ctx, s.DB, a, id)
}

// load is Get inside a transaction or out of it.
func (s *Service) load(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Assessment, error) {
	x, err := assessmentStore{q}.get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	x.show(a, calendar.Current(s.Clock))
	return x, nil
}

// Filter selects assessments for List.
type Filter struct {
	ProjectID     int64
	InstitutionID int64
	Year          int
	Province      string // with Year: the year's assessments of one province
}

// List returns the assessments the actor may see that match f, by project
// then institution.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]*Assessment, error) {
	list, err := assessmentStore{s.DB}.list(ctx, a, f)
	return s.show(a, list), err
}

// OfProject is GET /api/v1/projects/{id}/assessments: the assessments of a
// project the actor sees that the actor may see; a project the actor does
// not see is NotFound, like a missing one, rather than an empty list.
func (s *Service) OfProject(ctx context.Context, a *auth.Actor, projectID int64) ([]*Assessment, error) {
	if err := s.Projects.Sees(ctx, a, projectID); err != nil {
		return nil, err
	}
	return s.List(ctx, a, Filter{ProjectID: projectID})
}

// ListFor returns an institution's assessments of a year, for the
// explanation of its grade; the caller has checked the reader may see the
// institution. They carry no actions.
func (s *Service) ListFor(ctx context.Context, institutionID int64, year int) ([]*Assessment, error) {
	list, err := assessmentStore{s.DB}.ofInstitution(ctx, institutionID, year)
	return s.show(nil, list), err
}

func (s *Service) show(a *auth.Actor, list []*Assessment) []*Assessment {
	today := calendar.Current(s.Clock)
	for _, x := range list {
		x.show(a, today)
	}
	return list
}
