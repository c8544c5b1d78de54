package project

import (
	"context"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
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

// partyOf is the party a user's role reviews for: experts and fund
// departments for themselves, the provincial finance department's
// reviewers for it. Other roles review for none.
var partyOf = map[auth.Role]string{
	auth.RoleExpert:             PartyExpert,
	auth.RoleFundDept:           PartyFundDept,
	auth.RoleProvincialReviewer: PartyFinance,
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
	var r *Reviewer
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := LoadManaged(ctx, tx, a, projectID, ActionAssignReviewer)
		if err != nil {
			return err
		}
		rs := reviewStore{tx}
		c, err := rs.candidate(ctx, strings.TrimSpace(in.Username))
		if db.IsNoRows(err) || err == nil && (!c.active || partyOf[c.role] == "") {
			return apperr.InvalidField("username", "project.field.reviewer")
		}
		if err != nil {
			return err
		}
		r = &Reviewer{UserID: c.id, Username: c.username, Name: c.name, Party: partyOf[c.role]}
		now := clock.Stamp(s.Clock)
		if err := rs.addReviewer(ctx, p.ID, r, a.UserID, now); err != nil {
			return err
		}
		if s.Notify != nil {
			u, err := auth.GetUser(ctx, tx, r.UserID)
			if err != nil {
				return err
			}
			if err := s.Notify.ToUsers(ctx, tx, now, []*auth.User{u}, "notice.project_reviewer", Link(p.ID), p.Name); err != nil {
				return err
			}
		}
		return Step(ctx, tx, a, p, "reviewer_assigned", now, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
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
	in.Comment = f.Text("comment", in.Comment, in.Decision == "revise", 5000, tooLong)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *Project
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := Load(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		rs := reviewStore{tx}
		party, err := rs.partyOf(ctx, p.ID, a.UserID)
		if err != nil {
			return err
		}
		if err := p.Check(ActionReviewReport); err != nil {
			return err
		}
		now := clock.Stamp(s.Clock)
		if err := rs.addReportReview(ctx, p, a.UserID, party, in, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "project.report_reviewed", "project", p.ID, p.RegionCode, nil,
			map[string]any{"round": p.ReportRound, "party": party, "score": in.Score, "decision": in.Decision}); err != nil {
			return err
		}
		if err := s.closeRound(ctx, tx, a, p); err != nil {
			return err
		}
		out, err = reload(ctx, tx, a, projectID)
		return err
	})
	return out, err
}

// closeRound ends the round once every assigned reviewer has answered it.
// The conditional update in move makes the last two reviewers answering at
// once safe: one closes the round, the other retries on a 409.
func (s *Service) closeRound(ctx context.Context, tx *db.Tx, a *auth.Actor, p *Project) error {
	r, err := reviewStore{tx}.round(ctx, p.ID, p.ReportRound)
	if err != nil {
		return err
	}
	now := clock.Stamp(s.Clock)
	switch {
	case r.answered < r.assigned:
		return nil
	case r.accepted == r.assigned && r.parties == len(Parties):
		return move(ctx, tx, a, p, StageCompleted, "report_accepted", now, change{reportState: "accepted"})
	case r.accepted == r.assigned:
		return nil // all accept, but a party is not yet assigned: wait for it
	}
	if err := move(ctx, tx, a, p, StageReporting, "report_revision_requested", now, change{reportState: "revising"}); err != nil {
		return err
	}
	if s.Notify != nil {
		return s.Notify.ToInstitution(ctx, tx, now, p.LeadInstitutionID, "notice.project_report_revise", Link(p.ID), p.Name)
	}
	return nil
}
