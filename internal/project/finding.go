package project

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
)

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
	var projectID, inst, recordID, lock int64
	var item, result, note string
	err := s.DB.QueryRow(ctx, `SELECT c.project_id, COALESCE(f.institution_id, 0), f.item, f.result, f.note, COALESCE(f.credit_record_id, 0), f.lock_version
		FROM spot_check_findings f JOIN spot_checks c ON c.id = f.spot_check_id WHERE f.id = ?`, findingID).Scan(
		&projectID, &inst, &item, &result, &note, &recordID, &lock)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("finding")
	}
	if err != nil {
		return nil, fmt.Errorf("project: finding: %w", err)
	}
	p, err := load(ctx, s.DB, a, projectID)
	if err != nil {
		return nil, apperr.NotFoundf("finding")
	}
	if result != "fail" || inst == 0 || recordID != 0 {
		return nil, apperr.New(apperr.Conflict, "project.error.finding_used")
	}
	facts := fmt.Sprintf("抽查项目“%s”（%d）发现：%s。%s", p.Name, p.ID, item, note)
	id, err := s.Propose(ctx, a, Proposal{InstitutionID: inst, Severity: in.Severity, Category: in.Category, Facts: facts, Basis: in.Basis})
	if err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := tx.Update(ctx, "UPDATE spot_check_findings SET credit_record_id = ?, lock_version = lock_version + 1 WHERE id = ? AND lock_version = ?",
			id, findingID, lock); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), s.now(), "project.finding_proposed", "project", p.ID, p.RegionCode, nil,
			map[string]int64{"finding_id": findingID, "credit_record_id": id})
	})
	if err != nil {
		return nil, err
	}
	return &FindingCreditResult{FindingID: findingID, CreditRecordID: id}, nil
}
