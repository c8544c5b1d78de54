package helpdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// questionStore holds every query of questions with their events (asked,
// escalated, answered): q is the *db.DB for reads or the *db.Tx inside a
// transaction.
type questionStore struct{ q db.Queryer }

// qCols are the columns scanQuestion reads, from questions aliased q joined
// to users aliased u (the asker).
const qCols = `q.id, q.category, q.text, q.state, q.asker_id, u.username, COALESCE(q.institution_id, 0), q.asker_region, q.holder_region,
	q.attachments_json, q.answer, COALESCE(q.answered_by, 0), q.answered_at, q.due_at, q.lock_version, q.created_at, q.updated_at`

const qFrom = ` FROM questions q JOIN users u ON u.id = q.asker_id`

// scanQuestion reads the columns of qCols; Overdue and the actions depend on
// the time and the reader, and are the service's to fill (Question.show).
func scanQuestion(s db.Scanner) (*Question, error) {
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
	if a.ForInstitution() {
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

// get returns question id if a may see it, NotFound otherwise.
func (s questionStore) get(ctx context.Context, a *auth.Actor, id int64) (*Question, error) {
	cond, args := visible(a)
	q, err := scanQuestion(s.q.QueryRow(ctx, "SELECT "+qCols+qFrom+" WHERE q.id = ? AND "+cond, append([]any{id}, args...)...))
	return db.Found(q, err, "question", "helpdesk: load question %d", id)
}

// list returns the questions a may see matching f at now, newest first.
func (s questionStore) list(ctx context.Context, a *auth.Actor, f Filter, now time.Time) ([]*Question, error) {
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
		add("q.holder_region = ? AND q.state = ?", deskOf(a), StateOpen)
	}
	if f.Overdue {
		add("q.state = ? AND q.due_at < ?", StateOpen, now)
	}
	if f.Q != "" {
		add(`q.text LIKE ? ESCAPE '\'`, db.Like(f.Q))
	}
	return db.List(ctx, s.q, "helpdesk: list", scanQuestion, "SELECT "+qCols+qFrom+where+" ORDER BY "+QuestionSorts.OrderBy(f.Sort, "")+" LIMIT ? OFFSET ?",
		append(args, f.Limit, max(0, f.Offset))...)
}

// events returns a question's history, oldest first.
func (s questionStore) events(ctx context.Context, id int64) ([]Event, error) {
	return db.List(ctx, s.q, "helpdesk: history", func(sc db.Scanner) (Event, error) {
		var e Event
		err := sc.Scan(&e.Kind, &e.FromRegion, &e.ToRegion, &e.Note, &e.ActorName, &e.At)
		e.At = e.At.UTC()
		return e, err
	}, `SELECT kind, from_region, to_region, note, actor_name, at FROM question_events WHERE question_id = ? ORDER BY id`, id)
}

// insert records an open question and returns its id.
func (s questionStore) insert(ctx context.Context, q *Question, now time.Time) (int64, error) {
	att, _ := json.Marshal(q.AttachmentIDs)
	var inst any
	if q.InstitutionID != 0 {
		inst = q.InstitutionID
	}
	var id int64
	err := s.q.QueryRow(ctx, `INSERT INTO questions (category, text, state, asker_id, institution_id, asker_region, holder_region, attachments_json, due_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		q.Category, q.Text, StateOpen, q.AskerID, inst, q.AskerRegion, q.HolderRegion, string(att), q.DueAt, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("helpdesk: insert question: %w", err)
	}
	return id, nil
}

// addEvent adds a step to question id's history, taken by a.
func (s questionStore) addEvent(ctx context.Context, id int64, kind, from, to, note string, a *auth.Actor, now time.Time) error {
	_, err := s.q.Exec(ctx, `INSERT INTO question_events (question_id, kind, from_region, to_region, note, actor_id, actor_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, kind, from, to, note, a.UserID, a.DisplayName(), now)
	if err != nil {
		return fmt.Errorf("helpdesk: event: %w", err)
	}
	return nil
}

// answer closes q with text, answered by user by; ErrStale when q changed
// meanwhile.
func (s questionStore) answer(ctx context.Context, q *Question, text string, by int64, now time.Time) error {
	return s.q.Update(ctx, `UPDATE questions SET state = ?, answer = ?, answered_by = ?, answered_at = ?, lock_version = lock_version + 1, updated_at = ?
			WHERE id = ? AND state = ? AND lock_version = ?`, StateAnswered, text, by, now, now, q.ID, q.State, q.LockVersion)
}

// move hands q to the desk of region to, due at due; ErrStale when q
// changed meanwhile.
func (s questionStore) move(ctx context.Context, q *Question, to string, due, now time.Time) error {
	return s.q.Update(ctx, `UPDATE questions SET holder_region = ?, due_at = ?, reminded_on = NULL, lock_version = lock_version + 1, updated_at = ?
			WHERE id = ? AND state = ? AND holder_region = ? AND lock_version = ?`, to, due, now, q.ID, q.State, q.HolderRegion, q.LockVersion)
}

// held is an open question and the desk that holds it.
type held struct {
	id     int64
	holder string
}

// overdue lists the open questions past their deadline at now whose desk
// has not been reminded of them on day.
func (s questionStore) overdue(ctx context.Context, now time.Time, day calendar.Date) ([]held, error) {
	return db.List(ctx, s.q, "helpdesk: overdue", func(sc db.Scanner) (held, error) {
		var h held
		err := sc.Scan(&h.id, &h.holder)
		return h, err
	}, `SELECT id, holder_region FROM questions WHERE state = ? AND due_at < ? AND (reminded_on IS NULL OR reminded_on < ?) ORDER BY id`,
		StateOpen, now, day)
}

// reminded notes that h's desk is reminded of it on day, unless it was
// already (another server, a retry) or the question moved on; it reports
// whether it noted it.
func (s questionStore) reminded(ctx context.Context, h held, day calendar.Date) (bool, error) {
	res, err := s.q.Exec(ctx, `UPDATE questions SET reminded_on = ? WHERE id = ? AND state = ? AND holder_region = ? AND (reminded_on IS NULL OR reminded_on < ?)`,
		day, h.id, StateOpen, h.holder, day)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// answered returns an answered question as a suggestion; false when it is
// not answered.
func (s questionStore) answered(ctx context.Context, id int64) (Suggestion, bool, error) {
	sg := Suggestion{Kind: "question", ID: id}
	err := s.q.QueryRow(ctx, "SELECT text, answer, category FROM questions WHERE id = ? AND state = ?", id, StateAnswered).Scan(&sg.Question, &sg.Answer, &sg.Category)
	if db.IsNoRows(err) {
		return sg, false, nil
	}
	return sg, err == nil, err
}

// ownAttachments counts how many of ids are files institution uploaded
// (the filing's attachments table, read here only).
func (s questionStore) ownAttachments(ctx context.Context, institutionID int64, ids []int64) (int, error) {
	args := []any{institutionID}
	for _, id := range ids {
		args = append(args, id)
	}
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM attachments WHERE institution_id = ? AND id IN ("+db.In(len(ids))+")", args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("helpdesk: attachments: %w", err)
	}
	return n, nil
}
