package todo

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// store holds the counting queries of the home page: each reads one
// indexed figure of one kind of work, scoped like the list it links to.
type store struct{ q db.Queryer }

// pair is two counts one query reads together: mostly the work waiting
// and the part of it that is late (each query says which).
type pair struct{ n, m int }

func (s store) pair(ctx context.Context, what, sql string, args ...any) (pair, error) {
	// SUM over no rows is NULL.
	var n, m *int64
	if err := s.q.QueryRow(ctx, sql, args...).Scan(&n, &m); err != nil {
		return pair{}, fmt.Errorf("todo: %s: %w", what, err)
	}
	var p pair
	if n != nil {
		p.n = int(*n)
	}
	if m != nil {
		p.m = int(*m)
	}
	return p, nil
}

func (s store) count(ctx context.Context, what, sql string, args ...any) (int, error) {
	var n int
	if err := s.q.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("todo: %s: %w", what, err)
	}
	return n, nil
}

// reviewTasks counts the open review tasks of a level in scope and those
// past due at now (level 0: every level, for those who watch the work).
func (s store) reviewTasks(ctx context.Context, level int, scope region.Scope, now time.Time) (pair, error) {
	cond, args := scope.SQL("t.region_code")
	if level > 0 {
		cond += " AND t.level = ?"
		args = append(args, level)
	}
	return s.pair(ctx, "review tasks", `SELECT COUNT(*), SUM(CASE WHEN t.due_at < ? THEN 1 ELSE 0 END) FROM review_tasks t
		WHERE t.state = 'open' AND `+cond, append([]any{now}, args...)...)
}

// pendingRegistrations counts the registrations waiting in scope.
func (s store) pendingRegistrations(ctx context.Context, scope region.Scope) (int, error) {
	cond, args := scope.SQL("i.region_code")
	return s.count(ctx, "registrations", `SELECT COUNT(*) FROM registrations r JOIN institutions i ON i.id = r.institution_id
		WHERE r.state = 'pending' AND `+cond, args...)
}

// institutionsIn counts the institutions of scope whose filing is returned
// (and not yet resubmitted), and those whose update is overdue on today.
func (s store) institutionsIn(ctx context.Context, scope region.Scope, today calendar.Date) (pair, error) {
	cond, args := scope.SQL("i.region_code")
	return s.pair(ctx, "institutions", `SELECT SUM(CASE WHEN i.filing_state = 'returned' THEN 1 ELSE 0 END),
		SUM(CASE WHEN i.update_due_on IS NOT NULL AND i.update_due_on < ? THEN 1 ELSE 0 END) FROM institutions i WHERE `+cond,
		append([]any{today}, args...)...)
}

// heldQuestions counts the open questions the desk of region code must
// answer, and those past due.
func (s store) heldQuestions(ctx context.Context, desk string, now time.Time) (pair, error) {
	return s.pair(ctx, "questions", `SELECT COUNT(*), SUM(CASE WHEN q.due_at < ? THEN 1 ELSE 0 END) FROM questions q
		WHERE q.holder_region = ? AND q.state = 'open'`, now, desk)
}

// creditWaiting counts the credit records of scope with an objection to
// decide, and those with a repair application to decide.
func (s store) creditWaiting(ctx context.Context, scope region.Scope) (pair, error) {
	cond, args := scope.SQL("i.region_code")
	return s.pair(ctx, "credit", `SELECT SUM(CASE WHEN r.state = 'objected' THEN 1 ELSE 0 END), SUM(CASE WHEN r.repair_state = 'pending' THEN 1 ELSE 0 END)
		FROM credit_records r JOIN institutions i ON i.id = r.institution_id WHERE (r.state = 'objected' OR r.repair_state = 'pending') AND `+cond, args...)
}

// plansWaiting lists the projects of scope whose plan waits for a decision.
func (s store) plansWaiting(ctx context.Context, scope region.Scope) ([]Ref, error) {
	cond, args := scope.SQL("p.region_code")
	return db.List(ctx, s.q, "todo: plans", scanRef, `SELECT p.id, p.name FROM projects p
		WHERE p.plan_state = 'submitted' AND p.stage = 'preparation' AND `+cond+` ORDER BY p.updated_at, p.id LIMIT ?`, append(args, maxRefs)...)
}

// reportsToReview lists the projects whose report, in its current round,
// waits for user's review.
func (s store) reportsToReview(ctx context.Context, userID int64) ([]Ref, error) {
	return db.List(ctx, s.q, "todo: reports", scanRef, `SELECT p.id, p.name FROM projects p
		JOIN project_reviewers pr ON pr.project_id = p.id AND pr.user_id = ?
		WHERE p.report_state = 'under_review' AND NOT EXISTS (SELECT 1 FROM report_reviews rr
			WHERE rr.project_id = p.id AND rr.round = p.report_round AND rr.reviewer_id = ?)
		ORDER BY p.updated_at, p.id LIMIT ?`, userID, userID, maxRefs)
}

// ownFiling is what an institution's filing asks of it: the filing state
// and the day its update is due (zero when none is).
func (s store) ownFiling(ctx context.Context, institutionID int64) (string, calendar.Date, error) {
	var state string
	var due calendar.Date
	err := s.q.QueryRow(ctx, `SELECT filing_state, update_due_on FROM institutions WHERE id = ?`, institutionID).Scan(&state, &due)
	if err != nil {
		return "", calendar.Date{}, fmt.Errorf("todo: own filing: %w", err)
	}
	return state, due, nil
}

// openWindows counts an institution's credit records still open to
// objection on today and its assessments still open to comment.
func (s store) openWindows(ctx context.Context, institutionID int64, today calendar.Date) (pair, error) {
	var p pair
	var err error
	if p.n, err = s.count(ctx, "objection windows", `SELECT COUNT(*) FROM credit_records WHERE institution_id = ? AND state = 'proposed' AND objection_deadline >= ?`,
		institutionID, today); err != nil {
		return p, err
	}
	p.m, err = s.count(ctx, "comment windows", `SELECT COUNT(*) FROM assessments WHERE institution_id = ? AND state = 'open' AND comment_deadline >= ?`,
		institutionID, today)
	return p, err
}

// projectWork lists the projects an institution leads whose next step is
// its own: a plan to hand in (again) or a report to hand in or revise.
func (s store) projectWork(ctx context.Context, institutionID int64) ([]Ref, error) {
	return db.List(ctx, s.q, "todo: project work", scanRef, `SELECT p.id, p.name FROM projects p
		WHERE p.lead_institution_id = ? AND (p.stage = 'team_formed' OR (p.stage = 'preparation' AND p.plan_state = 'returned')
			OR p.stage = 'implementation' OR p.report_state = 'revising')
		ORDER BY p.updated_at, p.id LIMIT ?`, institutionID, maxRefs)
}

func scanRef(s db.Scanner) (Ref, error) {
	var r Ref
	err := s.Scan(&r.ID, &r.Name)
	return r, err
}
