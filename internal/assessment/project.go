package assessment

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// projectFacts is what assessing needs of a project. The project part has no
// exported read that runs inside a caller's transaction, so this small
// adapter reads its rows directly (read-only).
type projectFacts struct {
	ID          int64
	Year        int
	Name        string
	RegionCode  string
	Stage       string
	Deadline    calendar.Date
	AmountFen   int64
	LeadID      int64
	CompletedOn calendar.Date
	// Institutions are the lead and every institution with people on the team.
	Institutions []int64
}

func (p *projectFacts) role(institutionID int64) (string, bool) {
	if institutionID == p.LeadID {
		return "lead", true
	}
	for _, id := range p.Institutions {
		if id == institutionID {
			return "participant", true
		}
	}
	return "", false
}

// loadProject reads a project inside the official's region; outside it is
// NotFound like a missing one.
func loadProject(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*projectFacts, error) {
	cond, args := a.Scope().SQL("p.region_code")
	p := projectFacts{ID: id}
	var deadline *calendar.Date
	var updated time.Time
	err := q.QueryRow(ctx, `SELECT p.year, p.name, p.region_code, p.stage, p.deadline, p.amount_fen, COALESCE(p.lead_institution_id, 0), p.updated_at
		FROM projects p WHERE p.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&p.Year, &p.Name, &p.RegionCode, &p.Stage, &deadline, &p.AmountFen, &p.LeadID, &updated)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("project")
	}
	if err != nil {
		return nil, fmt.Errorf("assessment: project %d: %w", id, err)
	}
	if deadline != nil {
		p.Deadline = *deadline
	}
	// The completion date is the day of the move to "completed" in the
	// project's timeline; the row's last update stands in if none is logged.
	var done *time.Time
	if err := q.QueryRow(ctx, `SELECT MIN(at) FROM project_events WHERE project_id = ? AND to_stage = 'completed'`, id).Scan(&done); err != nil {
		return nil, fmt.Errorf("assessment: completion of %d: %w", id, err)
	}
	if done != nil && !done.IsZero() {
		p.CompletedOn = calendar.DateOf(*done)
	} else {
		p.CompletedOn = calendar.DateOf(updated)
	}
	rows, err := q.Query(ctx, `SELECT DISTINCT institution_id FROM team_members WHERE project_id = ? ORDER BY institution_id`, id)
	if err != nil {
		return nil, fmt.Errorf("assessment: team of %d: %w", id, err)
	}
	defer rows.Close()
	if p.LeadID != 0 {
		p.Institutions = append(p.Institutions, p.LeadID)
	}
	for rows.Next() {
		var iid int64
		if err := rows.Scan(&iid); err != nil {
			return nil, err
		}
		if iid != p.LeadID {
			p.Institutions = append(p.Institutions, iid)
		}
	}
	return &p, rows.Err()
}
