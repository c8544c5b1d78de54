// Package project runs evaluation projects (评价项目) from planning to
// completion: creation by the province, selection of institutions (a
// verifiable draw or merit), mixed teams checked against policy team.rules,
// the implementation plan and its checklist review, indicator systems,
// on-site guidance and spot checks, and the three-party review of the draft
// report. Stages move only along the transition table below, each move one
// conditional UPDATE recorded in project_events.
package project

import (
	"context"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/notify"
	"evalcred/internal/region"
)

// The stages of a project.
const (
	StagePlanning       = "planning"
	StageTeamFormed     = "team_formed"
	StagePreparation    = "preparation"
	StageImplementation = "implementation"
	StageReporting      = "reporting"
	StageCompleted      = "completed"
)

// Stages lists the stages in order, for timelines.
var Stages = []string{StagePlanning, StageTeamFormed, StagePreparation, StageImplementation, StageReporting, StageCompleted}

// transitions is the whole workflow: which stage may follow which. The team
// forms in planning; the first plan upload opens preparation; the plan's
// approval opens implementation; the draft report opens reporting; the
// acceptance of all three review parties completes the project.
var transitions = map[string][]string{
	StagePlanning:       {StageTeamFormed},
	StageTeamFormed:     {StagePreparation},
	StagePreparation:    {StageImplementation},
	StageImplementation: {StageReporting},
	StageReporting:      {StageCompleted},
}

// CanMove reports whether the workflow allows from → to.
func CanMove(from, to string) bool { return slices.Contains(transitions[from], to) }

// Eligibility is what selection asks the credit part: the institutions of a
// scope eligible on a day (active, filing approved, not banned or suspended,
// and whatever rules credit adds, such as training). Selection never
// recomputes eligibility itself.
type Eligibility interface {
	EligiblePool(ctx context.Context, q db.Queryer, scope region.Scope, on calendar.Date) ([]int64, error)
}

// ScoreSource gives the latest quality-assessment score (x100) of
// institutions, for merit selection. The assessment part provides it; until
// then NoScores answers that nobody has one.
type ScoreSource interface {
	LatestScores(ctx context.Context, q db.Queryer, institutionIDs []int64) (map[int64]int, error)
}

// NoScores is the ScoreSource used until the assessment part is wired.
type NoScores struct{}

// LatestScores returns no scores.
func (NoScores) LatestScores(context.Context, db.Queryer, []int64) (map[int64]int, error) {
	return map[int64]int{}, nil
}

// Proposal is a spot-check finding turned into a proposed credit record.
type Proposal struct {
	InstitutionID int64
	Severity      string
	Category      string
	Facts         string
	Basis         string
}

// Proposer turns a proposal into a proposed credit record (the credit
// part's Propose) and returns the record's id.
type Proposer func(ctx context.Context, a *auth.Actor, p Proposal) (int64, error)

// Service is the project part.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Notify *notify.Notifier
	Files  filestore.Store
	// TempDir spools uploads while they are checked ("" = the OS default).
	TempDir string
	// Pool answers eligibility; required for selection and teams.
	Pool Eligibility
	// Scores ranks merit selections; nil means NoScores.
	Scores ScoreSource
	// Propose makes a credit record of a finding; nil answers 503.
	Propose Proposer
}

func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) today() calendar.Date { return calendar.DateOf(s.Clock.Now()) }

func (s *Service) scores() ScoreSource {
	if s.Scores == nil {
		return NoScores{}
	}
	return s.Scores
}

func (s *Service) pool() (Eligibility, error) {
	if s.Pool == nil {
		return nil, apperr.New(apperr.Unavailable, "project.error.no_eligibility")
	}
	return s.Pool, nil
}
