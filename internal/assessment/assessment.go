// Package assessment scores each institution's work on a completed project
// (质量考核): five dimensions, each 0-100 with a written justification,
// weighted by the policy assessment.weights in force on the project's
// completion date. The institution may comment within the window
// (assessment.comment_window_workdays working days); if it disputes the
// scores, an official above the assessor (assessment.settle, never the
// assessor) settles the dispute, and that result is final. The policy keys
// and their defaults are in internal/policy/defaults.json.
//
// State table (flow; one conditional UPDATE per move, so of two people
// acting at once one wins and the other gets 409):
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
	"encoding/json"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/notify"
	"evalcred/internal/workflow"
)

// States of an assessment.
const (
	StateOpen      = "open"
	StateCommented = "commented"
	StateDisputed  = "disputed"
	StateSettled   = "settled"
)

var flow = workflow.New("assessment.error.wrong_state", map[string][]string{
	StateOpen:     {StateCommented, StateDisputed},
	StateDisputed: {StateSettled},
})

// Dimensions are the five scored dimensions, in the order screens show them.
var Dimensions = []string{"scheme_design", "onsite", "timeliness", "rigour", "report"}

// Scores holds one score (x100) per dimension.
type Scores map[string]int

// Assessment is one institution's assessment on one project.
type Assessment struct {
	ID              int64             `json:"id"`
	ProjectID       int64             `json:"project_id"`
	ProjectName     string            `json:"project_name"`
	InstitutionID   int64             `json:"institution_id"`
	InstitutionName string            `json:"institution_name"`
	Year            int               `json:"year"`
	RegionCode      string            `json:"region_code"`
	Role            string            `json:"role"` // lead or participant
	Scores          Scores            `json:"scores"`
	Justifications  map[string]string `json:"justifications"`
	Weights         Weights           `json:"weights"`
	Total           int               `json:"total"` // x100
	PersonDays      int64             `json:"person_days"`
	CompletedOn     calendar.Date     `json:"completed_on"`
	CommentDeadline calendar.Date     `json:"comment_deadline"`
	State           string            `json:"state"`
	Final           bool              `json:"final"`
	Comment         string            `json:"comment"`
	// Original holds the scores before a settlement revised them.
	Original       json.RawMessage `json:"original,omitempty"`
	Settlement     string          `json:"settlement"`
	SettlementNote string          `json:"settlement_note"`
	AssessedBy     int64           `json:"assessed_by"`
	AssessorRegion string          `json:"assessor_region"`
	LockVersion    int             `json:"lock_version"`
	CreatedAt      time.Time       `json:"created_at"`
	// Actions are what the reader may do with the assessment now (see
	// Actions): "comment", "dispute", "settle".
	Actions []string `json:"actions"`
}

// final reports whether x counts on day: settled or commented, or open with
// its comment window passed (finalSQL is the same rule in SQL).
func (x *Assessment) final(day calendar.Date) bool {
	return x.State == StateCommented || x.State == StateSettled || (x.State == StateOpen && x.CommentDeadline.Before(day))
}

// Service is the assessment part.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Cal    *calendar.Calendar
	Notify *notify.Notifier
	// Projects says whether an actor sees a project, so that a project's
	// assessments are found only where the project itself is.
	Projects ProjectViewer
}

// ProjectViewer is the project part as assessments see it.
type ProjectViewer interface {
	Sees(ctx context.Context, a *auth.Actor, projectID int64) error
}

func (s *Service) cal() *calendar.Calendar {
	if s.Cal != nil {
		return s.Cal
	}
	return calendar.Default()
}

func (s *Service) notifyInstitution(ctx context.Context, tx *db.Tx, now time.Time, institutionID int64, kind, link string, args ...string) error {
	if s.Notify == nil {
		return nil
	}
	return s.Notify.ToInstitution(ctx, tx, now, institutionID, kind, link, args...)
}
