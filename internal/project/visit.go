package project

import (
	"context"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// VisitInput is the body of POST /api/v1/projects/{id}/visits.
type VisitInput struct {
	VisitedOn calendar.Date `json:"visited_on"`
	Note      string        `json:"note"`
}

// Visit is an on-site guidance visit.
type Visit struct {
	ID        int64         `json:"id"`
	VisitedOn calendar.Date `json:"visited_on"`
	Note      string        `json:"note"`
	By        string        `json:"by"`
}

// LogVisit records on-site guidance of a project in implementation or
// reporting (spotcheck.manage).
func (s *Service) LogVisit(ctx context.Context, a *auth.Actor, projectID int64, in VisitInput) (*Visit, error) {
	if err := a.Require("spotcheck.manage"); err != nil {
		return nil, err
	}
	var f apperr.Fields
	in.Note = f.Text("note", in.Note, true, 5000, tooLong)
	today := calendar.Current(s.Clock)
	if in.VisitedOn.IsZero() {
		in.VisitedOn = today
	} else if in.VisitedOn.After(today) {
		f.Add("visited_on", "project.field.future")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	v := &Visit{VisitedOn: in.VisitedOn, Note: in.Note, By: a.DisplayName()}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := Load(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if err := p.Check(ActionLogVisit); err != nil {
			return err
		}
		now := clock.Stamp(s.Clock)
		if v.ID, err = (workStore{tx}).addVisit(ctx, p.ID, v, a.UserID, now); err != nil {
			return err
		}
		return Step(ctx, tx, a, p, "guidance_visit", now, v)
	})
	return v, err
}
