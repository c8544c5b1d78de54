package project

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/region"
	"evalcred/internal/textnorm"
)

// projectStore holds every query of projects and their timelines, on the
// *db.DB or, inside a transaction, the *db.Tx. The queries of their plan
// and report reviews are in review_store.go, those of their documents,
// indicators and visits in work_store.go.
type projectStore struct{ q db.Queryer }

const projectCols = `p.id, p.year, p.name, p.fund, p.amount_fen, p.client, p.evaluated_unit, p.region_code, p.deadline, p.fee_budget_fen,
	p.stage, COALESCE(p.lead_institution_id, 0), COALESCE(li.name, ''), COALESCE(p.selection_draw_id, 0), p.plan_state, p.plan_round,
	p.report_state, p.report_round, p.lock_version, p.created_at, p.updated_at`

const projectFrom = ` FROM projects p LEFT JOIN institutions li ON li.id = p.lead_institution_id`

func scanProject(row db.Scanner) (*Project, error) {
	var p Project
	err := row.Scan(&p.ID, &p.Year, &p.Name, &p.Fund, &p.AmountFen, &p.Client, &p.EvaluatedUnit, &p.RegionCode, &p.Deadline, &p.FeeBudgetFen,
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
	case a.Can("project.team_work") && a.ForInstitution():
		return "(p.lead_institution_id = ? OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.project_id = p.id AND tm.institution_id = ?))",
			[]any{a.InstitutionID, a.InstitutionID}
	}
	return "1=0", nil
}

// get returns a project the actor may see; otherwise NotFound, exactly like
// a missing one.
func (s projectStore) get(ctx context.Context, a *auth.Actor, id int64) (*Project, error) {
	cond, args := visibleSQL(a)
	p, err := scanProject(s.q.QueryRow(ctx, "SELECT "+projectCols+projectFrom+" WHERE p.id = ? AND "+cond, append([]any{id}, args...)...))
	return db.Found(p, err, "project", "project: load %d", id)
}

// list returns the projects the actor may see that match f, newest first.
func (s projectStore) list(ctx context.Context, a *auth.Actor, f Filter) ([]*Project, error) {
	cond, args := visibleSQL(a)
	q := "SELECT " + projectCols + projectFrom + " WHERE " + cond
	if f.Stage != "" {
		q += " AND p.stage = ?"
		args = append(args, f.Stage)
	}
	if f.Year != 0 {
		q += " AND p.year = ?"
		args = append(args, f.Year)
	}
	return db.List(ctx, s.q, "project: list", scanProject, q+" ORDER BY "+ListSorts.OrderBy(f.Sort, "")+" LIMIT ? OFFSET ?", append(args, f.Limit, max(0, f.Offset))...)
}

// insert stores a new project in planning and returns its id.
func (s projectStore) insert(ctx context.Context, in CreateInput, by int64, now time.Time) (int64, error) {
	id, err := s.q.Insert(ctx, `INSERT INTO projects (year, name, fund, amount_fen, client, client_norm, evaluated_unit, evaluated_unit_norm,
			region_code, deadline, fee_budget_fen, stage, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Year, in.Name, in.Fund, in.AmountFen, in.Client, textnorm.Name(in.Client), in.EvaluatedUnit, textnorm.Name(in.EvaluatedUnit),
		in.RegionCode, in.Deadline, in.FeeBudgetFen, StagePlanning, by, now, now)
	if err != nil {
		return 0, fmt.Errorf("project: create: %w", err)
	}
	return id, nil
}

// change is what a move sets beside the stage; zero fields stay as they are.
type change struct {
	planState, reportState string
	planRound, reportRound int
	selectionDraw, lead    int64
}

// move sets the stage from p.Stage to `to`, with c, by one conditional
// UPDATE on the version p was read at: a second person acting on the same
// version gets ErrStale (409).
func (s projectStore) move(ctx context.Context, p *Project, to string, at time.Time, c change) error {
	q := "UPDATE projects SET stage = ?, lock_version = lock_version + 1, updated_at = ?"
	args := []any{to, at}
	for _, v := range []struct {
		set string
		arg any
		ok  bool
	}{
		{"plan_state = ?", c.planState, c.planState != ""}, {"plan_round = ?", c.planRound, c.planRound != 0},
		{"report_state = ?", c.reportState, c.reportState != ""}, {"report_round = ?", c.reportRound, c.reportRound != 0},
		{"selection_draw_id = ?", c.selectionDraw, c.selectionDraw != 0}, {"lead_institution_id = ?", c.lead, c.lead != 0},
	} {
		if v.ok {
			q += ", " + v.set
			args = append(args, v.arg)
		}
	}
	return s.q.Update(ctx, q+" WHERE id = ? AND stage = ? AND lock_version = ?", append(args, p.ID, p.Stage, p.LockVersion)...)
}

// addEvent appends to a project's timeline; a nil actor is the system.
func (s projectStore) addEvent(ctx context.Context, a *auth.Actor, projectID int64, kind, from, to, note string, at time.Time) error {
	var actorID any
	name := "system"
	if a != nil {
		actorID, name = a.UserID, a.DisplayName()
	}
	_, err := s.q.Exec(ctx, `INSERT INTO project_events (project_id, kind, from_stage, to_stage, note, actor_id, actor_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		projectID, kind, from, to, note, actorID, name, at)
	if err != nil {
		return fmt.Errorf("project: event: %w", err)
	}
	return nil
}

// events is a project's timeline, oldest first.
func (s projectStore) events(ctx context.Context, projectID int64) ([]Event, error) {
	return db.List(ctx, s.q, "project: events", func(row db.Scanner) (Event, error) {
		var e Event
		err := row.Scan(&e.ID, &e.Kind, &e.FromStage, &e.ToStage, &e.Note, &e.ActorName, &e.At)
		return e, err
	}, `SELECT id, kind, from_stage, to_stage, note, actor_name, at FROM project_events WHERE project_id = ? ORDER BY id`, projectID)
}

// inStage lists the projects of a scope in a stage, in id order.
func (s projectStore) inStage(ctx context.Context, scope region.Scope, stage string) ([]int64, error) {
	cond, args := scope.SQL("p.region_code")
	return db.IDs(ctx, s.q, "project: ids", "SELECT p.id FROM projects p WHERE p.stage = ? AND "+cond+" ORDER BY p.id", append([]any{stage}, args...)...)
}

// openProjectsByInstitution counts, per institution, the projects not yet
// completed that it leads or has people on.
func (s projectStore) openProjectsByInstitution(ctx context.Context) (map[int64]int, error) {
	return db.Counts[int64](ctx, s.q, "project: open projects", `SELECT x.inst, COUNT(DISTINCT x.pid) FROM (
		SELECT p.lead_institution_id AS inst, p.id AS pid FROM projects p WHERE p.stage <> ? AND p.lead_institution_id IS NOT NULL
		UNION SELECT tm.institution_id, tm.project_id FROM team_members tm JOIN projects p ON p.id = tm.project_id WHERE p.stage <> ?
	) x GROUP BY x.inst`, StageCompleted, StageCompleted)
}
