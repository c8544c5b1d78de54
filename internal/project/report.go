package project

import (
	"context"
	"fmt"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// The three parties of the report review.
const (
	PartyExpert   = "expert"
	PartyFundDept = "fund_dept"
	PartyFinance  = "finance"
)

// Parties lists the parties in display order.
var Parties = []string{PartyExpert, PartyFundDept, PartyFinance}

// partyOf is the party a user reviews for, by role.
func partyOf(r auth.Role) string {
	switch r {
	case auth.RoleExpert:
		return PartyExpert
	case auth.RoleFundDept:
		return PartyFundDept
	case auth.RoleProvincialReviewer:
		return PartyFinance
	}
	return ""
}

// Reviewer is a user assigned to review a project's report.
type Reviewer struct {
	UserID   int64  `json:"user_id"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Party    string `json:"party"`
}

// AssignInput is the body of POST /api/v1/projects/{id}/reviewers.
type AssignInput struct {
	Username string `json:"username"`
}

// AssignReviewer assigns a user to the three-party review; the party follows
// from the user's role (expert, fund_dept, or a provincial official for the
// finance department). From then on that expert or fund department user sees
// the project, and no other.
func (s *Service) AssignReviewer(ctx context.Context, a *auth.Actor, projectID int64, in AssignInput) (*Reviewer, error) {
	var r Reviewer
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := loadManaged(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if p.Stage == StageCompleted {
			return apperr.New(apperr.Conflict, "project.error.wrong_stage", p.Stage)
		}
		var role auth.Role
		var region string
		var active bool
		err = tx.QueryRow(ctx, "SELECT id, username, name, role, region_code, active FROM users WHERE username = ?", strings.TrimSpace(in.Username)).Scan(
			&r.UserID, &r.Username, &r.Name, &role, &region, &active)
		if db.IsNoRows(err) || err == nil && (!active || partyOf(role) == "") {
			return apperr.InvalidField("username", "project.field.reviewer")
		}
		if err != nil {
			return err
		}
		r.Party = partyOf(role)
		now := s.now()
		if _, err := tx.Exec(ctx, "INSERT INTO project_reviewers (project_id, user_id, party, assigned_by, created_at) VALUES (?, ?, ?, ?, ?)",
			p.ID, r.UserID, r.Party, a.UserID, now); err != nil {
			return err
		}
		if err := s.event(ctx, tx, a, p.ID, "step", p.Stage, p.Stage, "reviewer_assigned"); err != nil {
			return err
		}
		if s.Notify != nil {
			u, err := auth.GetUser(ctx, tx, r.UserID)
			if err != nil {
				return err
			}
			if err := s.Notify.ToUsers(ctx, tx, now, []*auth.User{u}, "notice.project_reviewer", link(p.ID), p.Name); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, a.Who(), now, "project.reviewer_assigned", "project", p.ID, p.RegionCode, nil, r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func reviewers(ctx context.Context, q db.Queryer, projectID int64) ([]Reviewer, error) {
	rows, err := q.Query(ctx, `SELECT r.user_id, u.username, u.name, r.party FROM project_reviewers r JOIN users u ON u.id = r.user_id
		WHERE r.project_id = ? ORDER BY r.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("project: reviewers: %w", err)
	}
	defer rows.Close()
	out := []Reviewer{}
	for rows.Next() {
		var r Reviewer
		if err := rows.Scan(&r.UserID, &r.Username, &r.Name, &r.Party); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewInput is the body of POST /api/v1/projects/{id}/report/reviews.
type ReviewInput struct {
	Score    int    `json:"score"`    // 0-100
	Decision string `json:"decision"` // accept or revise
	Comment  string `json:"comment"`
}

// ReportReview is one reviewer's verdict on one round.
type ReportReview struct {
	Round     int       `json:"round"`
	Reviewer  string    `json:"reviewer"`
	Party     string    `json:"party"`
	Score     int       `json:"score"`
	Decision  string    `json:"decision"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

// ReviewReport records an assigned reviewer's score and verdict on the
// current round of the draft report. When every assigned reviewer has
// answered the round: if all accept and all three parties are present, the
// project is completed; otherwise the lead institution must revise (a new
// round). Only assigned reviewers may review; others see no project.
func (s *Service) ReviewReport(ctx context.Context, a *auth.Actor, projectID int64, in ReviewInput) (*Project, error) {
	if err := a.Require("project.review_report"); err != nil {
		return nil, err
	}
	var f apperr.Fields
	if in.Score < 0 || in.Score > 100 {
		f.Add("score", "project.field.score")
	}
	if in.Decision != "accept" && in.Decision != "revise" {
		f.Add("decision", "project.field.review_decision")
	}
	in.Comment = textField(&f, "comment", in.Comment, in.Decision == "revise", 5000)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *Project
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := load(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		var party string
		err = tx.QueryRow(ctx, "SELECT party FROM project_reviewers WHERE project_id = ? AND user_id = ?", p.ID, a.UserID).Scan(&party)
		if db.IsNoRows(err) {
			return apperr.New(apperr.Forbidden, "project.error.not_reviewer")
		}
		if err != nil {
			return err
		}
		if p.Stage != StageReporting || p.ReportState != "under_review" {
			return apperr.New(apperr.Conflict, "project.error.wrong_stage", p.Stage)
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `INSERT INTO report_reviews (project_id, round, reviewer_id, party, score, decision, comment, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.ReportRound, a.UserID, party, in.Score*100, in.Decision, in.Comment, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "project.report_reviewed", "project", p.ID, p.RegionCode, nil,
			map[string]any{"round": p.ReportRound, "party": party, "score": in.Score, "decision": in.Decision}); err != nil {
			return err
		}
		if err := s.closeRound(ctx, tx, a, p); err != nil {
			return err
		}
		out, err = load(ctx, tx, a, projectID)
		return err
	})
	return out, err
}

// closeRound ends the round once every assigned reviewer has answered it.
// The conditional update in move makes the last two reviewers answering at
// once safe: one closes the round, the other retries on a 409.
func (s *Service) closeRound(ctx context.Context, tx *db.Tx, a *auth.Actor, p *Project) error {
	var assigned, answered, accepted, parties int
	err := tx.QueryRow(ctx, `SELECT COUNT(*), COUNT(rr.id), COUNT(CASE WHEN rr.decision = 'accept' THEN 1 END), COUNT(DISTINCT r.party)
		FROM project_reviewers r LEFT JOIN report_reviews rr ON rr.project_id = r.project_id AND rr.reviewer_id = r.user_id AND rr.round = ?
		WHERE r.project_id = ?`, p.ReportRound, p.ID).Scan(&assigned, &answered, &accepted, &parties)
	if err != nil {
		return fmt.Errorf("project: round: %w", err)
	}
	switch {
	case answered < assigned:
		return nil
	case accepted == assigned && parties == len(Parties):
		return s.move(ctx, tx, a, p, StageCompleted, "report_accepted", "report_state = ?", "accepted")
	case accepted == assigned:
		return nil // all accept, but a party is not yet assigned: wait for it
	}
	if err := s.move(ctx, tx, a, p, StageReporting, "report_revision_requested", "report_state = ?", "revising"); err != nil {
		return err
	}
	if s.Notify != nil {
		return s.Notify.ToInstitution(ctx, tx, s.now(), p.LeadInstitutionID, "notice.project_report_revise", link(p.ID), p.Name)
	}
	return nil
}

func reportReviews(ctx context.Context, q db.Queryer, projectID int64) ([]ReportReview, error) {
	rows, err := q.Query(ctx, `SELECT rr.round, u.username, rr.party, rr.score, rr.decision, rr.comment, rr.created_at FROM report_reviews rr
		JOIN users u ON u.id = rr.reviewer_id WHERE rr.project_id = ? ORDER BY rr.round, rr.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("project: report reviews: %w", err)
	}
	defer rows.Close()
	out := []ReportReview{}
	for rows.Next() {
		var r ReportReview
		if err := rows.Scan(&r.Round, &r.Reviewer, &r.Party, &r.Score, &r.Decision, &r.Comment, &r.CreatedAt); err != nil {
			return nil, err
		}
		r.Score /= 100
		out = append(out, r)
	}
	return out, rows.Err()
}
