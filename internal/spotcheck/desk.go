package spotcheck

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/draw"
	"evalcred/internal/project"
)

// Projects lists the projects an actor may see (project.Service).
type Projects interface {
	List(ctx context.Context, a *auth.Actor, f project.Filter) ([]*project.Project, error)
}

// Draws reads a published draw (draw.Service).
type Draws interface {
	Public(ctx context.Context, id int64) (*draw.PublicDraw, error)
}

// Desk is what the official who runs spot checks works from: the draw
// just made (when asked for) and the projects in implementation that may
// be checked.
type Desk struct {
	Draw     *draw.PublicDraw
	Projects []*project.Project
}

// ViewDesk assembles the Desk for those who manage spot checks; drawID 0
// asks for no draw, and a draw that is not there shows none.
func (s *Service) ViewDesk(ctx context.Context, a *auth.Actor, drawID int64) (*Desk, error) {
	if err := a.Require("spotcheck.manage"); err != nil {
		return nil, err
	}
	d := &Desk{}
	if drawID != 0 {
		d.Draw, _ = s.Draws.Public(ctx, drawID)
	}
	var err error
	if d.Projects, err = s.Projects.List(ctx, a, project.Filter{Stage: project.StageImplementation}); err != nil {
		return nil, err
	}
	return d, nil
}

// DrawsOf lists the spot-check draws of the official's region that drew
// the project, newest first: what a spot check on it is recorded under.
func (s *Service) DrawsOf(ctx context.Context, a *auth.Actor, projectID int64) ([]*draw.Named, error) {
	if err := a.Require("spotcheck.manage"); err != nil {
		return nil, err
	}
	p, err := project.Load(ctx, s.DB, a, projectID)
	if err != nil {
		return nil, err
	}
	return draw.SpotChecksOf(ctx, s.DB, a.Scope(), p.ID)
}
