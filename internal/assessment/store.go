package assessment

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

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
}

const cols = `a.id, a.project_id, p.name, a.institution_id, i.name, a.year, a.region_code, a.role, a.scheme_design, a.onsite, a.timeliness,
	a.rigour, a.report, a.justifications_json, a.weights_json, a.total, a.person_days, a.completed_on, a.comment_deadline, a.state, a.comment,
	a.original_json, a.settlement, a.settlement_note, a.assessed_by, a.assessor_region, a.lock_version, a.created_at`

const from = ` FROM assessments a JOIN projects p ON p.id = a.project_id JOIN institutions i ON i.id = a.institution_id`

func scan(r interface{ Scan(...any) error }, today calendar.Date) (*Assessment, error) {
	var x Assessment
	var sd, on, tl, rg, rp int
	var just, weights, orig string
	err := r.Scan(&x.ID, &x.ProjectID, &x.ProjectName, &x.InstitutionID, &x.InstitutionName, &x.Year, &x.RegionCode, &x.Role, &sd, &on, &tl,
		&rg, &rp, &just, &weights, &x.Total, &x.PersonDays, &x.CompletedOn, &x.CommentDeadline, &x.State, &x.Comment,
		&orig, &x.Settlement, &x.SettlementNote, &x.AssessedBy, &x.AssessorRegion, &x.LockVersion, &x.CreatedAt)
	if err != nil {
		return nil, err
	}
	x.Scores = Scores{"scheme_design": sd, "onsite": on, "timeliness": tl, "rigour": rg, "report": rp}
	if err := json.Unmarshal([]byte(just), &x.Justifications); err != nil {
		return nil, fmt.Errorf("assessment %d: justifications: %w", x.ID, err)
	}
	if err := json.Unmarshal([]byte(weights), &x.Weights); err != nil {
		return nil, fmt.Errorf("assessment %d: weights: %w", x.ID, err)
	}
	if orig != "" {
		x.Original = json.RawMessage(orig)
	}
	x.Final = x.State == StateCommented || x.State == StateSettled || (x.State == StateOpen && x.CommentDeadline.Before(today))
	return &x, nil
}

// visibleSQL limits assessments (alias a) to what the actor may see:
// officials those of projects in their region, institution users their own.
func visibleSQL(a *auth.Actor) (string, []any) {
	switch {
	case a == nil:
		return "1=0", nil
	case a.Role == auth.RoleInstitution:
		return "a.institution_id = ?", []any{a.InstitutionID}
	case a.Role.Official():
		return a.Scope().SQL("a.region_code")
	}
	return "1=0", nil
}

// load returns an assessment the actor may see, NotFound otherwise.
func (s *Service) load(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Assessment, error) {
	cond, args := visibleSQL(a)
	x, err := scan(q.QueryRow(ctx, "SELECT "+cols+from+" WHERE a.id = ? AND "+cond, append([]any{id}, args...)...), s.today())
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("assessment")
	}
	if err != nil {
		return nil, fmt.Errorf("assessment: load %d: %w", id, err)
	}
	return x, nil
}

// Get is GET /api/v1/assessments/{id}.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Assessment, error) {
	return s.load(ctx, s.DB, a, id)
}

// Filter selects assessments for List.
type Filter struct {
	ProjectID     int64
	InstitutionID int64
	Year          int
	Province      string // with Year: the year's assessments of one province
}

// List returns the assessments the actor may see that match f, by project
// then institution.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]*Assessment, error) {
	cond, args := visibleSQL(a)
	q := "SELECT " + cols + from + " WHERE " + cond
	add := func(c string, v any) { q += " AND " + c; args = append(args, v) }
	if f.ProjectID != 0 {
		add("a.project_id = ?", f.ProjectID)
	}
	if f.InstitutionID != 0 {
		add("a.institution_id = ?", f.InstitutionID)
	}
	if f.Year != 0 {
		add("a.year = ?", f.Year)
	}
	if f.Province != "" {
		add("a.province_code = ?", f.Province)
	}
	return s.query(ctx, s.DB, q+" ORDER BY a.project_id, a.institution_id", args...)
}

func (s *Service) query(ctx context.Context, q db.Queryer, sql string, args ...any) ([]*Assessment, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("assessment: list: %w", err)
	}
	defer rows.Close()
	out := []*Assessment{}
	today := s.today()
	for rows.Next() {
		x, err := scan(rows, today)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// ListFor returns an institution's assessments of a year, for the
// explanation of its grade; the caller has checked the reader may see the
// institution.
func (s *Service) ListFor(ctx context.Context, institutionID int64, year int) ([]*Assessment, error) {
	return s.query(ctx, s.DB, "SELECT "+cols+from+" WHERE a.institution_id = ? AND a.year = ? ORDER BY a.project_id", institutionID, year)
}
