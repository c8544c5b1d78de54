// Package training keeps the training sessions a province holds before each
// year's evaluations, enrolment and attendance per person (by resident ID
// number, through persons), and the eligibility rule built on them
// (rule.go): an institution needs at least one attendee at a mandatory
// session of the year (policy training.required, true by default: see
// internal/policy/keys.go).
//
// When the rule applies: from the day the year's first mandatory session is
// held. Before that day, and in a year (or province) with no mandatory
// session at all, nobody could have attended, so the rule does not apply and
// blocks no one. Once it applies, an institution without an attendee is
// ineligible until one of its people is recorded as attended.
package training

import (
	"context"
	"strings"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// Service is the training part.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
}

// Session is a training session.
type Session struct {
	ID           int64         `json:"id"`
	ProvinceCode string        `json:"province_code"`
	Year         int           `json:"year"`
	Topic        string        `json:"topic"`
	HeldOn       calendar.Date `json:"held_on"`
	Mandatory    bool          `json:"mandatory"`
	Enrolled     int           `json:"enrolled"`
	Attended     int           `json:"attended"`
}

// SessionInput is the body of POST /api/v1/training/sessions.
type SessionInput struct {
	Year      int           `json:"year"`
	Topic     string        `json:"topic"`
	HeldOn    calendar.Date `json:"held_on"`
	Mandatory bool          `json:"mandatory"`
}

// CreateSession adds a session for the actor's province (training.manage).
func (s *Service) CreateSession(ctx context.Context, a *auth.Actor, in SessionInput) (*Session, error) {
	if err := a.Require("training.manage"); err != nil {
		return nil, err
	}
	var f apperr.Fields
	in.Topic = strings.TrimSpace(in.Topic)
	if in.Year < 2000 || in.Year > 2100 {
		f.Add("year", "training.field.year")
	}
	if in.Topic == "" {
		f.Add("topic", "field.required")
	} else if utf8.RuneCountInString(in.Topic) > 200 {
		f.Add("topic", "training.field.too_long")
	}
	if in.HeldOn.IsZero() {
		f.Add("held_on", "field.required")
	} else if in.HeldOn.Y != in.Year {
		f.Add("held_on", "training.field.held_in_year")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	province := policy.ProvinceOf(a.RegionCode)
	var id int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		now := clock.Stamp(s.Clock)
		if id, err = (sessionStore{tx}).insertSession(ctx, province, in, a.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "training.session_created", "training_session", id, province, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return s.session(ctx, s.DB, a, id)
}

// session loads a session of the actor's province; others are NotFound.
func (s *Service) session(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Session, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	return sessionStore{q}.session(ctx, id, policy.ProvinceOf(a.RegionCode))
}

// Sessions lists the sessions of the actor's province in year (0: all),
// newest first. Every logged-in user may read them: institutions need to
// know where to send their people.
func (s *Service) Sessions(ctx context.Context, a *auth.Actor, year int) ([]*Session, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	return sessionStore{s.DB}.sessions(ctx, policy.ProvinceOf(a.RegionCode), year)
}
