package projecttest

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/filestore"
	"evalcred/internal/indicator"
	"evalcred/internal/project"
	"evalcred/internal/relation"
	"evalcred/internal/spotcheck"
	"evalcred/internal/team"
)

// Start is the time an Env's clock starts at.
var Start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// Env is the project services on one database with a fake clock, wired as
// internal/services wires them (eligibility from a credit service without
// added rules, no credit proposals from findings), for the tests of project
// and of the packages that build on it. Hunan is a provincial reviewer who runs projects;
// Firms are eligible institutions in Changsha's Furong district, each with
// a lead evaluator and three practitioners; Lead is a user of the first
// firm (nil without firms).
type Env struct {
	T     testing.TB
	Ctx   context.Context
	DB    *db.DB
	Clock *clock.Fake

	Project   *project.Service
	Team      *team.Service
	SpotCheck *spotcheck.Service
	Relation  *relation.Service
	Indicator *indicator.Service

	Hunan *auth.Actor
	Firms []Firm
	Lead  *auth.Actor
}

// ForEach runs fn on a fresh database of every engine with an Env of the
// given number of firms on it.
func ForEach(t *testing.T, firms int, fn func(t *testing.T, d *db.DB, e *Env)) {
	t.Helper()
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) { fn(t, d, NewEnv(t, d, firms)) })
}

// NewEnv builds the services on d with the given number of firms.
func NewEnv(t testing.TB, d *db.DB, firms int) *Env {
	t.Helper()
	clk := clock.NewFake(Start)
	files, err := filestore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pool := &credit.Service{DB: d, Clock: clk}
	e := &Env{T: t, Ctx: context.Background(), DB: d, Clock: clk, SpotCheck: &spotcheck.Service{DB: d, Clock: clk},
		Relation: &relation.Service{DB: d, Clock: clk}, Indicator: &indicator.Service{DB: d, Clock: clk}}
	if e.Team, err = team.New(d, clk, nil, pool); err != nil {
		t.Fatal(err)
	}
	if e.Project, err = project.New(d, clk, nil, files, pool, e.Team, e.SpotCheck); err != nil {
		t.Fatal(err)
	}
	e.Hunan = User(t, d, clk, auth.RoleProvincialReviewer, "430000", 0)
	e.Firms = Firms(t, d, clk, "430102", firms, 3)
	if firms > 0 {
		e.Lead = User(t, d, clk, auth.RoleInstitution, "430102", e.Firms[0].ID)
	}
	return e
}

// User is a new login of role (see User).
func (e *Env) User(role auth.Role, regionCode string, institutionID int64) *auth.Actor {
	e.T.Helper()
	return User(e.T, e.DB, e.Clock, role, regionCode, institutionID)
}

// NewProject creates a project in planning in Hunan, as Hunan.
func (e *Env) NewProject(name string) int64 {
	e.T.Helper()
	res, err := e.Project.Create(e.Ctx, e.Hunan, project.CreateInput{Year: 2026, Name: name, Fund: "省级专项资金", AmountFen: 500000000,
		Client: "湖南省农业农村厅", EvaluatedUnit: "某县农业农村局", RegionCode: "430000", FeeBudgetFen: 20000000})
	if err != nil {
		e.T.Fatalf("create: %v", err)
	}
	return res.ID
}

// ValidTeam is a team the rules accept: firm 0 leads with its lead
// evaluator; one practitioner each from firms 1 and 2.
func (e *Env) ValidTeam() team.Input {
	return team.Input{LeadInstitutionID: e.Firms[0].ID, Members: []team.MemberInput{
		{IDNumber: e.Firms[0].LeadEvaluator, InstitutionID: e.Firms[0].ID, Role: team.RoleLeader},
		{IDNumber: e.Firms[1].Practitioners[0], InstitutionID: e.Firms[1].ID, Role: team.RoleMember},
		{IDNumber: e.Firms[2].Practitioners[0], InstitutionID: e.Firms[2].ID, Role: team.RoleMember},
	}}
}

// Rule is the team rule a refusal names (fields.team), or the code of
// another error.
func Rule(err error) string {
	e := apperr.As(err)
	if e.Code != apperr.Invalid {
		return "code " + string(e.Code)
	}
	return e.Fields["team"]
}
