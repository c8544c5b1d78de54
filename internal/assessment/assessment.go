// Package assessment scores each institution's work on a completed project
// (质量考核, DOMAIN.md section 3 item 9): five dimensions, each 0-100 with a
// written justification, weighted by the policy assessment.weights in force
// on the project's completion date. The institution may comment within the
// window (assessment.comment_window_workdays working days); if it disputes
// the scores, an official above the assessor (assessment.settle, never the
// assessor) settles the dispute, and that result is final.
//
// State table (one conditional UPDATE per move, so of two people acting at
// once one wins and the other gets 409):
//
//	open      -> commented  the institution comments and accepts
//	open      -> disputed   the institution disputes
//	disputed  -> settled    the reviewing official upholds or revises
//
// An open assessment whose window has passed is final without any job
// writing it down; so are commented and settled ones. Only a disputed one is
// not final.
package assessment

import (
	"context"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/notify"
)

// States of an assessment.
const (
	StateOpen      = "open"
	StateCommented = "commented"
	StateDisputed  = "disputed"
	StateSettled   = "settled"
)

var transitions = map[string][]string{
	StateOpen:     {StateCommented, StateDisputed},
	StateDisputed: {StateSettled},
}

// CanTransition reports whether the state table allows from -> to.
func CanTransition(from, to string) bool { return slices.Contains(transitions[from], to) }

func checkTransition(from, to string) error {
	if CanTransition(from, to) {
		return nil
	}
	return apperr.New(apperr.Conflict, "assessment.error.wrong_state", from)
}

// Dimensions are the five scored dimensions, in the order screens show them.
var Dimensions = []string{"scheme_design", "onsite", "timeliness", "rigour", "report"}

// Scores holds one score (x100) per dimension.
type Scores map[string]int

// Service is the assessment part.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Cal    *calendar.Calendar
	Notify *notify.Notifier
}

func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) today() calendar.Date { return calendar.DateOf(s.Clock.Now()) }

func (s *Service) cal() *calendar.Calendar {
	if s.Cal != nil {
		return s.Cal
	}
	return calendar.Default()
}

func (s *Service) notifyInstitution(ctx context.Context, tx *db.Tx, institutionID int64, kind, link string, args ...string) error {
	if s.Notify == nil {
		return nil
	}
	return s.Notify.ToInstitution(ctx, tx, s.now(), institutionID, kind, link, args...)
}

// FinalSQL is the one definition of "the assessment counts" (alias a) on
// day: settled or commented, or open with its comment window passed.
func FinalSQL(alias string, day calendar.Date) (string, []any) {
	a := alias + "."
	return "(" + a + "state IN ('commented', 'settled') OR (" + a + "state = 'open' AND " + a + "comment_deadline < ?))", []any{day}
}
