package project

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// reviewStore holds every query of projects' plan reviews and of the
// three-party review of their reports, on the *db.DB or, inside a
// transaction, the *db.Tx.
type reviewStore struct{ q db.Queryer }

// addPlanReview stores a round's decision on the plan.
func (s reviewStore) addPlanReview(ctx context.Context, projectID int64, round int, decision string, comments map[string]string, by int64, at time.Time) error {
	b, _ := json.Marshal(comments)
	if _, err := s.q.Exec(ctx, "INSERT INTO plan_reviews (project_id, round, decision, comments_json, reviewer_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		projectID, round, decision, string(b), by, at); err != nil {
		return fmt.Errorf("project: plan review: %w", err)
	}
	return nil
}

// planReviews are a project's plan decisions, by round.
func (s reviewStore) planReviews(ctx context.Context, projectID int64) ([]PlanReview, error) {
	return db.List(ctx, s.q, "project: plan reviews", func(row db.Scanner) (PlanReview, error) {
		var r PlanReview
		var c string
		err := row.Scan(&r.Round, &r.Decision, &c, &r.Reviewer, &r.CreatedAt)
		_ = json.Unmarshal([]byte(c), &r.Comments)
		return r, err
	}, `SELECT r.round, r.decision, r.comments_json, COALESCE(u.username, ''), r.created_at FROM plan_reviews r
		LEFT JOIN users u ON u.id = r.reviewer_id WHERE r.project_id = ? ORDER BY r.round`, projectID)
}

// candidate is a user someone wants to assign to a report review.
type candidate struct {
	id                     int64
	username, name, region string
	role                   auth.Role
	active                 bool
}

// candidate reads the user of a username; sql's no rows without one.
func (s reviewStore) candidate(ctx context.Context, username string) (candidate, error) {
	var c candidate
	err := s.q.QueryRow(ctx, "SELECT id, username, name, role, region_code, active FROM users WHERE username = ?", username).Scan(
		&c.id, &c.username, &c.name, &c.role, &c.region, &c.active)
	return c, err
}

// addReviewer assigns a reviewer to a project.
func (s reviewStore) addReviewer(ctx context.Context, projectID int64, r *Reviewer, by int64, at time.Time) error {
	_, err := s.q.Exec(ctx, "INSERT INTO project_reviewers (project_id, user_id, party, assigned_by, created_at) VALUES (?, ?, ?, ?, ?)",
		projectID, r.UserID, r.Party, by, at)
	return err
}

// reviewers are the users assigned to a project's report review.
func (s reviewStore) reviewers(ctx context.Context, projectID int64) ([]Reviewer, error) {
	return db.List(ctx, s.q, "project: reviewers", func(row db.Scanner) (Reviewer, error) {
		var r Reviewer
		err := row.Scan(&r.UserID, &r.Username, &r.Name, &r.Party)
		return r, err
	}, `SELECT r.user_id, u.username, u.name, r.party FROM project_reviewers r JOIN users u ON u.id = r.user_id
		WHERE r.project_id = ? ORDER BY r.id`, projectID)
}

// reviewing lists the projects a user is assigned to review.
func (s reviewStore) reviewing(ctx context.Context, userID int64) ([]int64, error) {
	return db.IDs(ctx, s.q, "project: reviewing", "SELECT project_id FROM project_reviewers WHERE user_id = ?", userID)
}

// partyOf is the party a user reviews a project's report for: Forbidden
// when they are not assigned to it.
func (s reviewStore) partyOf(ctx context.Context, projectID, userID int64) (string, error) {
	var party string
	err := s.q.QueryRow(ctx, "SELECT party FROM project_reviewers WHERE project_id = ? AND user_id = ?", projectID, userID).Scan(&party)
	if db.IsNoRows(err) {
		return "", apperr.New(apperr.Forbidden, "project.error.not_reviewer")
	}
	return party, err
}

// addReportReview stores a reviewer's verdict on the current round.
func (s reviewStore) addReportReview(ctx context.Context, p *Project, by int64, party string, in ReviewInput, at time.Time) error {
	_, err := s.q.Exec(ctx, `INSERT INTO report_reviews (project_id, round, reviewer_id, party, score, decision, comment, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.ReportRound, by, party, in.Score*100, in.Decision, in.Comment, at)
	return err
}

// roundState counts a report round's answers.
type roundState struct{ assigned, answered, accepted, parties int }

// round counts the assigned reviewers of a project and their answers to a
// round: how many answered, how many accept, how many parties are assigned.
func (s reviewStore) round(ctx context.Context, projectID int64, round int) (roundState, error) {
	var r roundState
	err := s.q.QueryRow(ctx, `SELECT COUNT(*), COUNT(rr.id), COUNT(CASE WHEN rr.decision = 'accept' THEN 1 END), COUNT(DISTINCT r.party)
		FROM project_reviewers r LEFT JOIN report_reviews rr ON rr.project_id = r.project_id AND rr.reviewer_id = r.user_id AND rr.round = ?
		WHERE r.project_id = ?`, round, projectID).Scan(&r.assigned, &r.answered, &r.accepted, &r.parties)
	if err != nil {
		return r, fmt.Errorf("project: round: %w", err)
	}
	return r, nil
}

// reportReviews are a project's verdicts on its report, by round.
func (s reviewStore) reportReviews(ctx context.Context, projectID int64) ([]ReportReview, error) {
	return db.List(ctx, s.q, "project: report reviews", func(row db.Scanner) (ReportReview, error) {
		var r ReportReview
		err := row.Scan(&r.Round, &r.Reviewer, &r.Party, &r.Score, &r.Decision, &r.Comment, &r.CreatedAt)
		r.Score /= 100
		return r, err
	}, `SELECT rr.round, u.username, rr.party, rr.score, rr.decision, rr.comment, rr.created_at FROM report_reviews rr
		JOIN users u ON u.id = rr.reviewer_id WHERE rr.project_id = ? ORDER BY rr.round, rr.id`, projectID)
}

// choices lists the active users with one of roles inside scope not yet
// assigned to the project, by name; Party holds the role.
func (s reviewStore) choices(ctx context.Context, projectID int64, roles []string, scope region.Scope) ([]ReviewerChoice, error) {
	cond, args := scope.SQL("u.region_code")
	all := append([]any{projectID}, args...)
	for _, r := range roles {
		all = append(all, r)
	}
	return db.List(ctx, s.q, "project: reviewer choices", func(row db.Scanner) (ReviewerChoice, error) {
		var c ReviewerChoice
		err := row.Scan(&c.Username, &c.Name, &c.Party, &c.RegionCode)
		return c, err
	}, `SELECT u.username, u.name, u.role, u.region_code FROM users u
		WHERE u.active = TRUE AND NOT EXISTS (SELECT 1 FROM project_reviewers r WHERE r.project_id = ? AND r.user_id = u.id)
		AND `+cond+` AND u.role IN (`+db.In(len(roles))+`) ORDER BY u.name, u.username`, all...)
}
