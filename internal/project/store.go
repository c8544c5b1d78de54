package project

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// Project is a project as its viewers see it.
type Project struct {
	ID                int64         `json:"id"`
	Year              int           `json:"year"`
	Name              string        `json:"name"`
	Fund              string        `json:"fund"`
	AmountFen         int64         `json:"amount_fen"`
	Client            string        `json:"client"`
	EvaluatedUnit     string        `json:"evaluated_unit"`
	RegionCode        string        `json:"region_code"`
	Deadline          calendar.Date `json:"deadline"`
	FeeBudgetFen      int64         `json:"fee_budget_fen"`
	Stage             string        `json:"stage"`
	LeadInstitutionID int64         `json:"lead_institution_id,omitempty"`
	LeadName          string        `json:"lead_institution_name,omitempty"`
	SelectionDrawID   int64         `json:"selection_draw_id,omitempty"`
	PlanState         string        `json:"plan_state"`
	PlanRound         int           `json:"plan_round"`
	ReportState       string        `json:"report_state"`
	ReportRound       int           `json:"report_round"`
	LockVersion       int           `json:"lock_version"`
	CreatedAt         time.Time     `json:"created_at"`
	UpdatedAt         time.Time     `json:"updated_at"`
}

const projectCols = `p.id, p.year, p.name, p.fund, p.amount_fen, p.client, p.evaluated_unit, p.region_code, p.deadline, p.fee_budget_fen,
	p.stage, COALESCE(p.lead_institution_id, 0), COALESCE(li.name, ''), COALESCE(p.selection_draw_id, 0), p.plan_state, p.plan_round,
	p.report_state, p.report_round, p.lock_version, p.created_at, p.updated_at`

const projectFrom = ` FROM projects p LEFT JOIN institutions li ON li.id = p.lead_institution_id`

func scanProject(r interface{ Scan(...any) error }) (*Project, error) {
	var p Project
	err := r.Scan(&p.ID, &p.Year, &p.Name, &p.Fund, &p.AmountFen, &p.Client, &p.EvaluatedUnit, &p.RegionCode, &p.Deadline, &p.FeeBudgetFen,
		&p.Stage, &p.LeadInstitutionID, &p.LeadName, &p.SelectionDrawID, &p.PlanState, &p.PlanRound,
		&p.ReportState, &p.ReportRound, &p.LockVersion, &p.CreatedAt, &p.UpdatedAt)
	return &p, err
}

// visibleSQL restricts projects (alias p) to those the actor may see:
// officials their region's, outside reviewers (experts, fund departments)
// only the projects they are assigned to, institution users those their
// institution works on. Everything else is invisible, answered as not found.
func visibleSQL(a *auth.Actor) (string, []any) {
	switch {
	case a == nil:
		return "1=0", nil
	case a.Can("project.manage") || a.Can("project.view"):
		return a.Scope().SQL("p.region_code")
	case a.Can("project.review_report"):
		return "EXISTS (SELECT 1 FROM project_reviewers pr WHERE pr.project_id = p.id AND pr.user_id = ?)", []any{a.UserID}
	case a.Can("project.team_work") && a.InstitutionID != 0:
		return "(p.lead_institution_id = ? OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.project_id = p.id AND tm.institution_id = ?))",
			[]any{a.InstitutionID, a.InstitutionID}
	}
	return "1=0", nil
}

// load returns a project the actor may see; otherwise NotFound, exactly like
// a missing one.
func load(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Project, error) {
	cond, args := visibleSQL(a)
	p, err := scanProject(q.QueryRow(ctx, "SELECT "+projectCols+projectFrom+" WHERE p.id = ? AND "+cond, append([]any{id}, args...)...))
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("project")
	}
	if err != nil {
		return nil, fmt.Errorf("project: load %d: %w", id, err)
	}
	return p, nil
}

// loadManaged is load for officials who run projects (project.manage).
func loadManaged(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Project, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	return load(ctx, q, a, id)
}

// loadLead is load for the lead institution's users (project.team_work).
func loadLead(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Project, error) {
	if err := a.Require("project.team_work"); err != nil {
		return nil, err
	}
	p, err := load(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if p.LeadInstitutionID == 0 || p.LeadInstitutionID != a.InstitutionID {
		return nil, apperr.New(apperr.Forbidden, "project.error.not_lead")
	}
	return p, nil
}

// move changes the stage from p.Stage to `to` with one conditional UPDATE on
// the version the caller read, along with set (extra "col = ?" assignments),
// and records the event and audit entry. A second person acting on the same
// version gets ErrStale (409).
func (s *Service) move(ctx context.Context, tx *db.Tx, a *auth.Actor, p *Project, to, note string, set string, setArgs ...any) error {
	if to != p.Stage && !CanMove(p.Stage, to) {
		return apperr.New(apperr.Conflict, "project.error.wrong_stage", p.Stage)
	}
	now := s.now()
	q := "UPDATE projects SET stage = ?, lock_version = lock_version + 1, updated_at = ?"
	if set != "" {
		q += ", " + set
	}
	args := append([]any{to, now}, setArgs...)
	args = append(args, p.ID, p.Stage, p.LockVersion)
	if err := tx.Update(ctx, q+" WHERE id = ? AND stage = ? AND lock_version = ?", args...); err != nil {
		return err
	}
	kind := "stage"
	if to == p.Stage {
		kind = "step"
	}
	if err := s.event(ctx, tx, a, p.ID, kind, p.Stage, to, note); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, a.Who(), now, "project."+note, "project", p.ID, p.RegionCode,
		map[string]any{"stage": p.Stage, "lock_version": p.LockVersion}, map[string]any{"stage": to}); err != nil {
		return err
	}
	p.Stage, p.LockVersion = to, p.LockVersion+1
	return nil
}

// event appends to the project's timeline.
func (s *Service) event(ctx context.Context, tx *db.Tx, a *auth.Actor, projectID int64, kind, from, to, note string) error {
	var actorID any
	name := "system"
	if a != nil {
		actorID, name = a.UserID, a.Username
	}
	_, err := tx.Exec(ctx, `INSERT INTO project_events (project_id, kind, from_stage, to_stage, note, actor_id, actor_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		projectID, kind, from, to, note, actorID, name, s.now())
	if err != nil {
		return fmt.Errorf("project: event: %w", err)
	}
	return nil
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

func events(ctx context.Context, q db.Queryer, projectID int64) ([]Event, error) {
	rows, err := q.Query(ctx, `SELECT id, kind, from_stage, to_stage, note, actor_name, at FROM project_events WHERE project_id = ? ORDER BY id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("project: events: %w", err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.Kind, &e.FromStage, &e.ToStage, &e.Note, &e.ActorName, &e.At); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
