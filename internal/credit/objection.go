package credit

import (
	"context"
	"strings"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// ObjectInput is the body of POST /api/v1/credit-records/{id}/objection.
type ObjectInput struct {
	Reason string `json:"reason"`
}

// DecisionInput is the body of the objection and repair decisions.
type DecisionInput struct {
	Decision string `json:"decision"` // upheld|rejected for objections, approved|rejected for repairs
	Comment  string `json:"comment,omitempty"`
}

// StateResult is the answer of a transition.
type StateResult struct {
	ID    int64  `json:"id"`
	State string `json:"state"`
}

// Object lodges the institution's objection within the window (until the
// deadline, inclusive). Only a user of the record's institution may object
// (credit.object); after the window it is a 409 credit.objection_window_closed
// naming the deadline.
func (s *Service) Object(ctx context.Context, a *auth.Actor, id int64, in ObjectInput) (StateResult, error) {
	if err := a.Require("credit.object"); err != nil {
		return StateResult{}, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	switch {
	case in.Reason == "":
		return StateResult{}, apperr.InvalidField("reason", "field.required")
	case utf8.RuneCountInString(in.Reason) > maxText:
		return StateResult{}, apperr.InvalidField("reason", "credit.field.too_long")
	}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		r, regionCode, err := s.actOn(ctx, tx, a, id, ActionObject)
		if err != nil {
			return err
		}
		now := clock.Stamp(s.Clock)
		if err := (recordStore{tx}).object(ctx, r, in.Reason, a.UserID, now); err != nil {
			return err
		}
		after, err := s.logRecord(ctx, tx, "objected", id)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "credit.objected", "credit_record", id, regionCode, r, after); err != nil {
			return err
		}
		if err := s.notifyInstitution(ctx, tx, r.InstitutionID, "notice.credit_objection_received", id, itoa(id)); err != nil {
			return err
		}
		if s.Notify == nil {
			return nil
		}
		admins, err := provinceOfficials(ctx, tx, regionCode, auth.RoleProvincialAdmin)
		if err != nil {
			return err
		}
		return s.Notify.ToUsers(ctx, tx, now, admins, "notice.credit_objection_to_decide", recordLink(id), itoa(id))
	})
	return StateResult{ID: id, State: StateObjected}, err
}

// Accept is the institution waiving its objection: the record takes effect
// today (credit.object, own institution only).
func (s *Service) Accept(ctx context.Context, a *auth.Actor, id int64) (StateResult, error) {
	if err := a.Require("credit.object"); err != nil {
		return StateResult{}, err
	}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		r, regionCode, err := s.actOn(ctx, tx, a, id, ActionAccept)
		if err != nil {
			return err
		}
		if err := s.makeEffectiveToday(ctx, tx, r, regionCode, nil); err != nil {
			return err
		}
		after, err := s.becameEffective(ctx, tx, id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), clock.Stamp(s.Clock), "credit.accepted", "credit_record", id, regionCode, r, after)
	})
	return StateResult{ID: id, State: StateEffective}, err
}

// DecideObjection settles an objection: upheld voids the record (nothing of it
// is published or counted), rejected makes it effective today. The decider
// needs credit.objection.decide, must not be the proposer and must sit at or
// above the proposer's region (for a provincial reviewer's record: the
// provincial administrator of that province). Of two deciding at once, one
// wins and the other gets 409.
func (s *Service) DecideObjection(ctx context.Context, a *auth.Actor, id int64, in DecisionInput) (StateResult, error) {
	if err := a.Require("credit.objection.decide"); err != nil {
		return StateResult{}, err
	}
	if in.Decision != "upheld" && in.Decision != "rejected" {
		return StateResult{}, apperr.InvalidField("decision", "credit.field.objection_decision")
	}
	to := StateVoid
	if in.Decision == "rejected" {
		to = StateEffective
	}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		r, regionCode, err := s.actOn(ctx, tx, a, id, ActionDecideObjection)
		if err != nil {
			return err
		}
		now := clock.Stamp(s.Clock)
		dec := objectionDecision{decision: in.Decision, by: a.UserID, at: now}
		if to == StateEffective {
			err = s.makeEffectiveToday(ctx, tx, r, regionCode, &dec)
		} else {
			err = recordStore{tx}.void(ctx, r, dec)
		}
		if err != nil {
			return err
		}
		after, err := s.logRecord(ctx, tx, "objection_decided", id)
		if err != nil {
			return err
		}
		if to == StateEffective {
			after, err = s.becameEffective(ctx, tx, id)
		} else {
			_, err = s.logRecord(ctx, tx, "void", id)
		}
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "credit.objection_decided", "credit_record", id, regionCode, r, after); err != nil {
			return err
		}
		return s.notifyInstitution(ctx, tx, r.InstitutionID, "notice.credit_objection_"+in.Decision, id, itoa(id))
	})
	return StateResult{ID: id, State: to}, err
}
