package credit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// Repair application states (repair_state column).
const (
	RepairPending  = "pending"
	RepairApproved = "approved"
	RepairRejected = "rejected"
)

// RepairInput is the body of POST /api/v1/credit-records/{id}/repair.
type RepairInput struct {
	Explanation           string  `json:"explanation"`
	EvidenceAttachmentIDs []int64 `json:"evidence_attachment_ids"`
	// Pledge is the institution's credit pledge (信用承诺); it must be given.
	Pledge bool `json:"pledge"`
}

// RepairResult is the answer to a repair application or decision.
type RepairResult struct {
	ID          int64  `json:"id"`
	State       string `json:"state"`
	RepairState string `json:"repair_state"`
}

// ApplyRepair is the institution applying for credit repair of an effective
// bad record once its minimum publication period is over (earlier: 409
// credit.repair_too_early naming the earliest date). Needs credit.repair.apply
// and the record to be the actor's institution's.
func (s *Service) ApplyRepair(ctx context.Context, a *auth.Actor, id int64, in RepairInput) (RepairResult, error) {
	if err := a.Require("credit.repair.apply"); err != nil {
		return RepairResult{}, err
	}
	var f apperr.Fields
	in.Explanation = strings.TrimSpace(in.Explanation)
	switch {
	case in.Explanation == "":
		f.Add("explanation", "field.required")
	case utf8.RuneCountInString(in.Explanation) > maxText:
		f.Add("explanation", "credit.field.too_long")
	}
	if !in.Pledge {
		f.Add("pledge", "credit.field.pledge_required")
	}
	for i, aid := range in.EvidenceAttachmentIDs {
		if aid <= 0 {
			f.Add(fmt.Sprintf("evidence_attachment_ids[%d]", i), "credit.field.attachment")
		}
	}
	if err := f.Err(); err != nil {
		return RepairResult{}, err
	}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		r, regionCode, err := s.actOn(ctx, tx, a, id, ActionApplyRepair)
		if err != nil {
			return err
		}
		evidence, _ := json.Marshal(nonNil(in.EvidenceAttachmentIDs))
		now := clock.Stamp(s.Clock)
		if err := (recordStore{tx}).applyRepair(ctx, r, in.Explanation, string(evidence), a.UserID, now); err != nil {
			return err
		}
		after, err := s.logRecord(ctx, tx, "repair_applied", id)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "credit.repair_applied", "credit_record", id, regionCode, r, after); err != nil {
			return err
		}
		if s.Notify == nil {
			return nil
		}
		officials, err := provinceOfficials(ctx, tx, regionCode, auth.RoleProvincialReviewer, auth.RoleProvincialAdmin)
		if err != nil {
			return err
		}
		return s.Notify.ToUsers(ctx, tx, now, officials, "notice.credit_repair_to_decide", recordLink(id), itoa(id))
	})
	return RepairResult{ID: id, State: StateEffective, RepairState: RepairPending}, err
}

// DecideRepair approves or rejects a pending repair application (needs
// credit.repair.decide; the applicant may not decide). Approval, in one
// transaction, marks the record repaired (publication stops, it no longer
// counts for standing) and lifts its sanctions as of today, so every view
// derived from these tables changes at once.
func (s *Service) DecideRepair(ctx context.Context, a *auth.Actor, id int64, in DecisionInput) (RepairResult, error) {
	if err := a.Require("credit.repair.decide"); err != nil {
		return RepairResult{}, err
	}
	if in.Decision != RepairApproved && in.Decision != RepairRejected {
		return RepairResult{}, apperr.InvalidField("decision", "credit.field.repair_decision")
	}
	res := RepairResult{ID: id, State: StateEffective, RepairState: in.Decision}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		r, regionCode, err := s.actOn(ctx, tx, a, id, ActionDecideRepair)
		if err != nil {
			return err
		}
		now, today := clock.Stamp(s.Clock), calendar.Current(s.Clock)
		state, kind := r.State, "repair_rejected"
		var repairedOn calendar.Date
		if in.Decision == RepairApproved {
			if err := recordFlow.Check(r.State, StateRepaired); err != nil {
				return err
			}
			state, kind, repairedOn, res.State = StateRepaired, "repaired", today, StateRepaired
		}
		if err := (recordStore{tx}).decideRepair(ctx, r, state, in.Decision, strings.TrimSpace(in.Comment), repairedOn, a.UserID, now); err != nil {
			return err
		}
		after, err := s.logRecord(ctx, tx, kind, id)
		if err != nil {
			return err
		}
		if in.Decision == RepairApproved {
			if err := s.liftSanctions(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "credit."+kind, "credit_record", id, regionCode, r, after); err != nil {
			return err
		}
		return s.notifyInstitution(ctx, tx, r.InstitutionID, "notice.credit_repair_"+in.Decision, id, itoa(id))
	})
	return res, err
}

// liftSanctions ends the record's sanctions as of today (lifted_on = today:
// not in force today any more), logging each in the ledger.
func (s *Service) liftSanctions(ctx context.Context, tx *db.Tx, recordID int64) error {
	sanctions := sanctionStore{tx}
	ids, err := sanctions.unliftedOf(ctx, recordID)
	if err != nil {
		return err
	}
	for _, sid := range ids {
		if err := sanctions.lift(ctx, sid, calendar.Current(s.Clock)); err != nil {
			return err
		}
		if _, err := s.logSanction(ctx, tx, "sanction_lifted", sid); err != nil {
			return err
		}
	}
	return nil
}
