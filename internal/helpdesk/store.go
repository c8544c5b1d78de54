package helpdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// qCols are the columns scanQuestion reads, from questions aliased q joined
// to users aliased u (the asker).
const qCols = `q.id, q.category, q.text, q.state, q.asker_id, u.username, COALESCE(q.institution_id, 0), q.asker_region, q.holder_region,
	q.attachments_json, q.answer, COALESCE(q.answered_by, 0), q.answered_at, q.due_at, q.lock_version, q.created_at, q.updated_at`

const qFrom = ` FROM questions q JOIN users u ON u.id = q.asker_id`

func scanQuestion(s interface{ Scan(...any) error }, now time.Time) (*Question, error) {
	var q Question
	var att string
	var answeredAt *time.Time
	err := s.Scan(&q.ID, &q.Category, &q.Text, &q.State, &q.AskerID, &q.AskerName, &q.InstitutionID, &q.AskerRegion, &q.HolderRegion,
		&att, &q.Answer, &q.AnsweredBy, &answeredAt, &q.DueAt, &q.LockVersion, &q.CreatedAt, &q.UpdatedAt)
	if err != nil {
		return nil, err
	}
	_ = json.Unmarshal([]byte(att), &q.AttachmentIDs)
	if q.AttachmentIDs == nil {
		q.AttachmentIDs = []int64{}
	}
	if answeredAt != nil {
		t := answeredAt.UTC()
		q.AnsweredAt = &t
	}
	q.DueAt, q.CreatedAt, q.UpdatedAt = q.DueAt.UTC(), q.CreatedAt.UTC(), q.UpdatedAt.UTC()
	q.HolderName = regionName(q.HolderRegion)
	q.Overdue = q.State == StateOpen && now.After(q.DueAt)
	return &q, nil
}

// visible returns the condition selecting the questions a may see: an
// institution's users see their institution's questions, anyone sees what
// they asked, and officials of the desk see what their region holds or what
// was asked from inside it (so a county still follows a question it
// escalated). Nobody else learns that a question exists.
func visible(a *auth.Actor) (string, []any) {
	if a == nil {
		return "1=0", nil
	}
	if a.Role == auth.RoleInstitution {
		return "(q.asker_id = ? OR q.institution_id = ?)", []any{a.UserID, a.InstitutionID}
	}
	if !a.Can("question.answer") && !a.Can("question.ask") {
		return "q.asker_id = ?", []any{a.UserID}
	}
	c1, a1 := a.Scope().SQL("q.holder_region")
	c2, a2 := a.Scope().SQL("q.asker_region")
	args := append(append(a1, a2...), a.UserID)
	return "((" + c1 + ") OR (" + c2 + ") OR q.asker_id = ?)", args
}

// load returns question id if a may see it.
func load(ctx context.Context, qr db.Queryer, a *auth.Actor, id int64) (*Question, error) {
	cond, args := visible(a)
	row := qr.QueryRow(ctx, "SELECT "+qCols+qFrom+" WHERE q.id = ? AND "+cond, append([]any{id}, args...)...)
	q, err := scanQuestion(row, time.Time{}) // Get sets Overdue with the service clock
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("question")
	}
	if err != nil {
		return nil, fmt.Errorf("helpdesk: load question %d: %w", id, err)
	}
	return q, nil
}

// Get returns a question with its whole history to those who may see it
// (the asker, its institution, officials whose region holds it or contains
// the asker's region); NotFound to everyone else.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Question, error) {
	q, err := load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	q.Overdue = q.State == StateOpen && now.After(q.DueAt)
	rows, err := s.DB.Query(ctx, `SELECT kind, from_region, to_region, note, actor_name, at FROM question_events WHERE question_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.Kind, &e.FromRegion, &e.ToRegion, &e.Note, &e.ActorName, &e.At); err != nil {
			return nil, fmt.Errorf("helpdesk: history: %w", err)
		}
		e.At = e.At.UTC()
		q.History = append(q.History, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.mayDo(a, q)
	return q, nil
}

func (s *Service) mayDo(a *auth.Actor, q *Question) {
	_, open := next(q.State, "answer")
	q.CanAnswer = open && holds(a, q.HolderRegion)
	_, hasUp := up(q.HolderRegion)
	q.CanEscalate = open && hasUp && holds(a, q.HolderRegion) && a.Can("question.escalate")
}

// Filter selects questions for List; empty fields match all.
type Filter struct {
	State    string `json:"state"`
	Category string `json:"category"`
	// Held keeps only the questions the caller's desk must answer now.
	Held bool `json:"held"`
	// Overdue keeps open questions past their deadline.
	Overdue bool   `json:"overdue"`
	Q       string `json:"q"`
	Limit   int    `json:"limit"`
	Offset  int    `json:"offset"`
}

// MaxExport is the most rows a list gives for a spreadsheet export.
const MaxExport = 10000

// List returns the questions a may see matching f, newest first. A Limit
// above 500 is honoured up to MaxExport, for exports.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]*Question, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	now := s.Clock.Now()
	cond, args := visible(a)
	where := " WHERE " + cond
	add := func(c string, v ...any) { where += " AND " + c; args = append(args, v...) }
	if f.State != "" {
		add("q.state = ?", f.State)
	}
	if f.Category != "" {
		add("q.category = ?", f.Category)
	}
	if f.Held {
		code := a.RegionCode
		if a.Role == auth.RoleMinistry {
			code = "000000"
		}
		add("q.holder_region = ? AND q.state = ?", code, StateOpen)
	}
	if f.Overdue {
		add("q.state = ? AND q.due_at < ?", StateOpen, now)
	}
	if f.Q != "" {
		add(`q.text LIKE ? ESCAPE '\'`, db.Like(f.Q))
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, MaxExport)
	rows, err := s.DB.Query(ctx, "SELECT "+qCols+qFrom+where+" ORDER BY q.id DESC LIMIT ? OFFSET ?", append(args, f.Limit, max(0, f.Offset))...)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: list: %w", err)
	}
	defer rows.Close()
	out := []*Question{}
	for rows.Next() {
		q, err := scanQuestion(rows, now)
		if err != nil {
			return nil, fmt.Errorf("helpdesk: list: %w", err)
		}
		s.mayDo(a, q)
		out = append(out, q)
	}
	return out, rows.Err()
}
