package project

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// Project is a project as its viewers see it.
type Project struct {
	ID int64 `json:"id"`
	Terms
	Stage             string    `json:"stage"`
	LeadInstitutionID int64     `json:"lead_institution_id,omitempty"`
	LeadName          string    `json:"lead_institution_name,omitempty"`
	SelectionDrawID   int64     `json:"selection_draw_id,omitempty"`
	PlanState         string    `json:"plan_state"`
	PlanRound         int       `json:"plan_round"`
	ReportState       string    `json:"report_state"`
	ReportRound       int       `json:"report_round"`
	LockVersion       int       `json:"lock_version"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
	// Actions are what the reader may do with the project now (actions.go).
	Actions []string `json:"actions"`
}

// Event is one line of a project's timeline.
type Event struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	FromStage string    `json:"from_stage"`
	ToStage   string    `json:"to_stage"`
	Note      string    `json:"note"`
	ActorName string    `json:"actor_name"`
	At        time.Time `json:"at"`
}

// Load returns a project the actor may see; otherwise NotFound, exactly
// like a missing one.
func Load(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Project, error) {
	return projectStore{q}.get(ctx, a, id)
}

// LoadManaged is Load for the officials who run projects (project.manage),
// about to take action on it: a project where action is not open now is
// refused (Project.Check).
func LoadManaged(ctx context.Context, q db.Queryer, a *auth.Actor, id int64, action string) (*Project, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	p, err := Load(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if err := p.Check(action); err != nil {
		return nil, err
	}
	return p, nil
}

// InStage lists the projects of a scope in a stage, in id order.
func InStage(ctx context.Context, q db.Queryer, scope region.Scope, stage string) ([]int64, error) {
	return projectStore{q}.inStage(ctx, scope, stage)
}

// Link is a project's page, for notices.
func Link(projectID int64) string { return fmt.Sprintf("/projects/%d", projectID) }

// Step records on p's timeline, and in the audit log as "project."+note, a
// step that leaves its stage as it is (a spot check, a visit, a reviewer
// assigned); detail is the audit entry's content.
func Step(ctx context.Context, tx *db.Tx, a *auth.Actor, p *Project, note string, at time.Time, detail any) error {
	if err := (projectStore{tx}).addEvent(ctx, a, p.ID, "step", p.Stage, p.Stage, note, at); err != nil {
		return err
	}
	return audit.Record(ctx, tx, a.Who(), at, "project."+note, "project", p.ID, p.RegionCode, nil, detail)
}

// FormTeam records that p has a team led by institution lead: a project in
// planning moves to team_formed, one in team_formed records the change.
func FormTeam(ctx context.Context, tx *db.Tx, a *auth.Actor, p *Project, lead int64, at time.Time) error {
	note := "team_formed"
	if p.Stage == StageTeamFormed {
		note = "team_changed"
	}
	return move(ctx, tx, a, p, StageTeamFormed, note, at, change{lead: lead})
}

// move changes the stage from p.Stage to `to` (or stays in it) with c, by
// one conditional UPDATE on the version the caller read, and records the
// event and the audit entry "project."+note. A second person acting on the
// same version gets ErrStale (409).
func move(ctx context.Context, tx *db.Tx, a *auth.Actor, p *Project, to, note string, at time.Time, c change) error {
	kind := "step"
	if to != p.Stage {
		if err := stages.Check(p.Stage, to); err != nil {
			return err
		}
		kind = "stage"
	}
	st := projectStore{tx}
	if err := st.move(ctx, p, to, at, c); err != nil {
		return err
	}
	if err := st.addEvent(ctx, a, p.ID, kind, p.Stage, to, note, at); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, a.Who(), at, "project."+note, "project", p.ID, p.RegionCode,
		map[string]any{"stage": p.Stage, "lock_version": p.LockVersion}, map[string]any{"stage": to}); err != nil {
		return err
	}
	p.Stage, p.LockVersion = to, p.LockVersion+1
	return nil
}

// reload reads a project again after a change, for the caller's answer.
func reload(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Project, error) {
	p, err := Load(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	return p, withActions(ctx, q, a, p)
}

// Sees answers nil when the actor may see the project, NotFound otherwise
// (a missing one alike): the parts that hang off a project (its
// assessments) ask it before they list anything of it.
func (s *Service) Sees(ctx context.Context, a *auth.Actor, id int64) error {
	_, err := Load(ctx, s.DB, a, id)
	return err
}
