package training

import (
	"context"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
)

// SessionView is a session with the people enrolled in it.
type SessionView struct {
	Session   *Session
	Attendees []Attendee
}

// ViewSession assembles the SessionView of session id, among the sessions
// the actor may see (NotFound otherwise).
func (s *Service) ViewSession(ctx context.Context, a *auth.Actor, id int64) (*SessionView, error) {
	list, err := s.Sessions(ctx, a, 0)
	if err != nil {
		return nil, err
	}
	v := &SessionView{}
	for _, ss := range list {
		if ss.ID == id {
			v.Session = ss
		}
	}
	if v.Session == nil {
		return nil, apperr.NotFoundf("training session")
	}
	if v.Attendees, err = s.Attendees(ctx, a, id); err != nil {
		return nil, err
	}
	return v, nil
}
