// Package project runs evaluation projects (评价项目) from planning to
// completion: creation by the province, the selection of institutions (a
// verifiable draw or merit, published through internal/draw), the
// implementation plan and its checklist review, the project's indicator
// system, on-site guidance, and the three-party review of the draft report.
// Stages move only along the table below, each move one conditional UPDATE
// recorded in project_events.
//
// Teams (internal/team) and spot checks (internal/spotcheck) build on a
// project through the functions of access.go and add their sections to its
// page as Parts. Every query is in the *store.go files.
package project

import (
	"context"
	"errors"

	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/notify"
	"evalcred/internal/region"
	"evalcred/internal/workflow"
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

// stages is the whole workflow: which stage may follow which. The team
// forms in planning; the first plan upload opens preparation; the plan's
// approval opens implementation; the draft report opens reporting; the
// acceptance of all three review parties completes the project.
var stages = workflow.New("project.error.wrong_stage", map[string][]string{
	StagePlanning:       {StageTeamFormed},
	StageTeamFormed:     {StagePreparation},
	StagePreparation:    {StageImplementation},
	StageImplementation: {StageReporting},
	StageReporting:      {StageCompleted},
})

// Eligibility is what selection and teams ask the credit part: the
// institutions of a scope eligible on a day (active, filing approved, not
// banned or suspended, and whatever rules credit adds, such as training).
// Neither recomputes eligibility itself.
type Eligibility interface {
	EligiblePool(ctx context.Context, q db.Queryer, scope region.Scope, on calendar.Date) ([]int64, error)
}

// ScoreSource gives the latest quality-assessment score (x100) of
// institutions, for merit selection. The assessment part provides it;
// without it NoScores answers that nobody has one.
type ScoreSource interface {
	LatestScores(ctx context.Context, q db.Queryer, institutionIDs []int64) (map[int64]int, error)
}

// NoScores is the ScoreSource of a service without one.
type NoScores struct{}

// LatestScores returns no scores.
func (NoScores) LatestScores(context.Context, db.Queryer, []int64) (map[int64]int, error) {
	return map[int64]int{}, nil
}

// Service is the project part.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Notify *notify.Notifier
	// Files keeps plans, working papers and reports: the application's
	// file store.
	Files filestore.Store
	// TempDir spools uploads while they are checked ("" = the OS default).
	TempDir string
	// Pool answers eligibility for selections.
	Pool Eligibility
	// Scores ranks merit selections; nil means NoScores.
	Scores ScoreSource
	// Parts add to a project's page what other packages keep about it.
	Parts []Part
}

// New builds the project service. The eligibility pool and the file store
// are required: a selection must ask the application's credit part (with
// every rule other parts add to it), and documents go where the
// application keeps its files.
func New(d *db.DB, clk clock.Clock, n *notify.Notifier, files filestore.Store, pool Eligibility, parts ...Part) (*Service, error) {
	switch {
	case pool == nil:
		return nil, errors.New("project: no eligibility pool: selection must ask the application's credit service (services.Set.Credit)")
	case files == nil:
		return nil, errors.New("project: no file store: documents go to the application's (services.Set.Files)")
	}
	return &Service{DB: d, Clock: clk, Notify: n, Files: files, Pool: pool, Parts: parts}, nil
}

func (s *Service) scores() ScoreSource {
	if s.Scores == nil {
		return NoScores{}
	}
	return s.Scores
}
