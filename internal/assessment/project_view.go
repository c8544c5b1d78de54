package assessment

import (
	"context"

	"evalcred/internal/auth"
)

// ProjectView is a project's assessments and, for those who score, the
// scoring form with its prefilled values.
type ProjectView struct {
	List []*Assessment
	// Form is nil for a viewer without permission assessment.score.
	Form *Form
}

// ViewProject assembles the ProjectView of project projectID.
func (s *Service) ViewProject(ctx context.Context, a *auth.Actor, projectID int64) (*ProjectView, error) {
	list, err := s.OfProject(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	v := &ProjectView{List: list}
	if a.Can("assessment.score") {
		if v.Form, err = s.FormFor(ctx, a, projectID); err != nil {
			return nil, err
		}
	}
	return v, nil
}
