package assessment

import (
	"context"
	"fmt"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// projectFacts is what assessing needs of a project.
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
	if slices.Contains(p.Institutions, institutionID) {
		return "participant", true
	}
	return "", false
}

// projectStore reads the project rows assessing needs. The project part has
// no exported read that runs inside a caller's transaction, so this small
// adapter reads its tables directly (read-only).
type projectStore struct{ q db.Queryer }

// facts reads a project inside scope; outside it is NotFound like a missing
// one.
func (s projectStore) facts(ctx context.Context, id int64, scope region.Scope) (*projectFacts, error) {
	cond, args := scope.SQL("p.region_code")
	p := projectFacts{ID: id}
	var deadline *calendar.Date
	var updated time.Time
	err := s.q.QueryRow(ctx, `SELECT p.year, p.name, p.region_code, p.stage, p.deadline, p.amount_fen, COALESCE(p.lead_institution_id, 0), p.updated_at
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
	if err := s.q.QueryRow(ctx, `SELECT MIN(at) FROM project_events WHERE project_id = ? AND to_stage = 'completed'`, id).Scan(&done); err != nil {
		return nil, fmt.Errorf("assessment: completion of %d: %w", id, err)
	}
	if done != nil && !done.IsZero() {
		p.CompletedOn = calendar.DateOf(*done)
	} else {
		p.CompletedOn = calendar.DateOf(updated)
	}
	team, err := db.IDs(ctx, s.q, fmt.Sprintf("assessment: team of %d", id),
		`SELECT DISTINCT institution_id FROM team_members WHERE project_id = ? ORDER BY institution_id`, id)
	if err != nil {
		return nil, err
	}
	if p.LeadID != 0 {
		p.Institutions = append(p.Institutions, p.LeadID)
	}
	for _, iid := range team {
		if iid != p.LeadID {
			p.Institutions = append(p.Institutions, iid)
		}
	}
	return &p, nil
}

// institutionNames are the names of the institutions, in their order.
func (s projectStore) institutionNames(ctx context.Context, ids []int64) ([]string, error) {
	out := make([]string, len(ids))
	for i, id := range ids {
		if err := s.q.QueryRow(ctx, "SELECT name FROM institutions WHERE id = ?", id).Scan(&out[i]); err != nil {
			return nil, fmt.Errorf("assessment: institution %d: %w", id, err)
		}
	}
	return out, nil
}
