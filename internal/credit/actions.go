package credit

import (
	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
)

// What a reader may do with a record, as Record.Actions names them: each
// is one service method (Object, Accept, DecideObjection, ApplyRepair,
// DecideRepair), which checks it with may.
const (
	ActionObject          = "object"
	ActionAccept          = "accept"
	ActionDecideObjection = "decide_objection"
	ActionApplyRepair     = "apply_repair"
	ActionDecideRepair    = "decide_repair"
)

var actions = []string{ActionObject, ActionAccept, ActionDecideObjection, ActionApplyRepair, ActionDecideRepair}

// may returns why a may not take action on r on day, nil when a may: the
// permission, then the action's rule. The institution objects to or
// accepts a proposal until the deadline; an official above the proposer
// decides an objection; the institution applies for repair of an
// effective bad record once its minimum publication period is over; an
// official other than the applicant decides a repair. The caller has
// loaded r as a (recordFor), so a sees it.
func (r *recordRow) may(a *auth.Actor, action string, day calendar.Date) error {
	seen := r.State // as it counts on day: a lapsed proposal is effective
	if r.lapsed(day) {
		seen = StateEffective
	}
	switch action {
	case ActionObject:
		if err := a.Require("credit.object"); err != nil {
			return err
		}
		if r.State == StateProposed && day.After(r.ObjectionDeadline) {
			return apperr.New(apperr.Conflict, "credit.objection_window_closed", r.ObjectionDeadline.String())
		}
		return recordFlow.Check(r.State, StateObjected)
	case ActionAccept:
		if err := a.Require("credit.object"); err != nil {
			return err
		}
		if r.lapsed(day) {
			return apperr.New(apperr.Conflict, "credit.already_effective")
		}
		if r.State != StateProposed { // accepting is the proposed record's move only
			return apperr.New(apperr.Conflict, "credit.wrong_state", r.State)
		}
		return nil
	case ActionDecideObjection:
		if err := a.Require("credit.objection.decide"); err != nil {
			return err
		}
		if err := a.Oversees(r.ProposedBy, r.ProposerRegion); err != nil {
			return err
		}
		return recordFlow.Check(r.State, StateVoid) // as to effective: only an objected record
	case ActionApplyRepair:
		if err := a.Require("credit.repair.apply"); err != nil {
			return err
		}
		switch {
		case r.Kind != KindBad:
			return apperr.New(apperr.Conflict, "credit.repair_not_applicable")
		case seen != StateEffective:
			return recordFlow.Check(seen, StateRepaired)
		case r.RepairState == RepairPending:
			return apperr.New(apperr.Conflict, "credit.repair_pending")
		case day.Before(r.RepairEarliest):
			return apperr.New(apperr.Conflict, "credit.repair_too_early", r.RepairEarliest.String())
		}
		return nil
	case ActionDecideRepair:
		if err := a.Require("credit.repair.decide"); err != nil {
			return err
		}
		if r.RepairState != RepairPending || seen != StateEffective {
			return apperr.New(apperr.Conflict, "credit.no_repair_pending")
		}
		if r.RepairAppliedBy.Int64 == a.UserID {
			return apperr.New(apperr.Forbidden, "credit.applicant_cannot_decide")
		}
		return nil
	}
	return apperr.New(apperr.Conflict, "credit.wrong_state", r.State) // not an action of the list
}

// nextActions lists what a may do with r on day, in the order of actions;
// when a could apply for repair but for the date, repairFrom is the first
// day a may.
func nextActions(a *auth.Actor, r *recordRow, day calendar.Date) (list []string, repairFrom calendar.Date) {
	list = []string{}
	for _, action := range actions {
		err := r.may(a, action, day)
		switch {
		case err == nil:
			list = append(list, action)
		case action == ActionApplyRepair && apperr.As(err).Key == "credit.repair_too_early":
			repairFrom = r.RepairEarliest
		}
	}
	return list, repairFrom
}
