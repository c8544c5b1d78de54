package spotcheck

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/locale"
	"evalcred/internal/project"
)

// Proposal is a spot-check finding turned into a proposed credit record.
type Proposal struct {
	InstitutionID int64
	Severity      string
	Category      string
	Facts         string
	Basis         string
}

// Proposer turns a proposal into a proposed credit record (the credit
// part's Propose) and returns the record's id.
type Proposer func(ctx context.Context, a *auth.Actor, p Proposal) (int64, error)

// CreditProposer adapts the credit part's Propose: a spot-check finding
// becomes a proposed bad record against the institution.
func CreditProposer(c *credit.Service) Proposer {
	return func(ctx context.Context, a *auth.Actor, p Proposal) (int64, error) {
		res, err := c.Propose(ctx, a, credit.ProposeInput{InstitutionID: p.InstitutionID, Kind: credit.KindBad, Severity: p.Severity,
			Category: p.Category, Facts: p.Facts, Basis: p.Basis})
		return res.ID, err
	}
}

// FindingCreditInput is the body of POST /api/v1/spot-check-findings/{id}/credit-record.
type FindingCreditInput struct {
	Severity string `json:"severity"`
	Category string `json:"category"`
	Basis    string `json:"basis"`
}

// FindingCreditResult is the 201 answer.
type FindingCreditResult struct {
	FindingID      int64 `json:"finding_id"`
	CreditRecordID int64 `json:"credit_record_id"`
}

// ProposeFromFinding turns a failed spot-check item into a proposed bad
// credit record in one step, through the credit part (which checks
// credit.propose, validates, notifies the institution and opens its
// objection window). A finding becomes at most one record. The proposal and
// the link are separate transactions, since the credit part owns its own:
// the link's conditional update makes a double click a 409 on the second
// attempt only after the first record exists, and that record names the
// finding in its facts, so nothing is lost.
func (s *Service) ProposeFromFinding(ctx context.Context, a *auth.Actor, findingID int64, in FindingCreditInput) (*FindingCreditResult, error) {
	if err := a.Require("spotcheck.manage"); err != nil {
		return nil, err
	}
	if s.Propose == nil {
		return nil, apperr.New(apperr.Unavailable, "project.error.no_credit")
	}
	fd, err := spotCheckStore{s.DB}.finding(ctx, findingID)
	if err != nil {
		return nil, err
	}
	p, err := project.Load(ctx, s.DB, a, fd.projectID)
	if err != nil {
		return nil, apperr.NotFoundf("finding")
	}
	if fd.Result != "fail" || fd.InstitutionID == 0 || fd.CreditRecordID != 0 {
		return nil, apperr.New(apperr.Conflict, "project.error.finding_used")
	}
	// The facts are the record's public text, written as an official would:
	// the item in words, never its key or the project's row number.
	facts := fmt.Sprintf("在“%s”项目抽查中发现：%s不符合要求。%s", p.Name, locale.T(locale.Default, "project.spot.item."+fd.Item), fd.Note)
	id, err := s.Propose(ctx, a, Proposal{InstitutionID: fd.InstitutionID, Severity: in.Severity, Category: in.Category, Facts: facts, Basis: in.Basis})
	if err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := (spotCheckStore{tx}).linkRecord(ctx, findingID, fd.lockVersion, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), clock.Stamp(s.Clock), "project.finding_proposed", "project", p.ID, p.RegionCode, nil,
			map[string]int64{"finding_id": findingID, "credit_record_id": id})
	})
	if err != nil {
		return nil, err
	}
	return &FindingCreditResult{FindingID: findingID, CreditRecordID: id}, nil
}
