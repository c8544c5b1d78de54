package credit

import (
	"context"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// rules are the credit part's conditions of eligibility (see Rule), in the
// order Standing lists their reasons. To add one, declare it here and put it
// in this list.
var rules = []Rule{active, filingApproved, notSanctioned, noSeriousRecord}

// active: the institution's registration is active.
var active = Rule{Code: "inactive", Key: "credit.reason.inactive", Block: func(context.Context, RuleScope) (Block, error) {
	return Block{Where: "i.status <> 'active'", Cols: "i.status", Scan: func(row db.Scanner, r *Reason) error {
		var status string
		err := row.Scan(&status)
		r.Args = []string{status}
		return err
	}}, nil
}}

// filingApproved: a filing of the institution has been approved.
var filingApproved = Rule{Code: "filing_not_approved", Key: "credit.reason.filing_not_approved", Block: func(context.Context, RuleScope) (Block, error) {
	return Block{Where: "i.approved_version = 0"}, nil
}}

// notSanctioned: no ban or suspension is in force. Each is a reason of its
// own, coded by its type, until its end date.
var notSanctioned = Rule{Code: "sanction", Key: "credit.reason.ban", Block: func(_ context.Context, in RuleScope) (Block, error) {
	c, args := inForceSQL("s", in.On)
	return Block{From: "sanctions s", Where: "s.institution_id = i.id AND s.type IN ('ban', 'suspension') AND " + c, Args: args,
		Cols: "s.id, s.type, s.ends_on", Order: "s.ends_on DESC, s.id", Scan: func(row db.Scanner, r *Reason) error {
			err := row.Scan(&r.SanctionID, &r.Code, &r.Until)
			r.Key, r.Args = "credit.reason."+r.Code, []string{r.Until.String()}
			return err
		}}, nil
}}

// noSeriousRecord: no serious bad record took effect within the last
// credit.eligibility_serious_lookback_years; each one blocks until that
// many years after it took effect.
var noSeriousRecord = Rule{Code: "serious_record", Key: "credit.reason.serious_record", Block: func(ctx context.Context, in RuleScope) (Block, error) {
	lookback, err := in.Int(ctx, "credit.eligibility_serious_lookback_years")
	if err != nil {
		return Block{}, err
	}
	c, args := tookEffectSQL("r", in.On)
	return Block{From: "credit_records r", Where: "r.institution_id = i.id AND r.kind = 'bad' AND r.severity = 'serious'\n\t\t\tAND r.effective_on > ? AND " + c,
		Args: append([]any{addYears(in.On, -lookback)}, args...),
		Cols: "r.id, r.effective_on", Order: "r.effective_on, r.id", Scan: func(row db.Scanner, r *Reason) error {
			var effective calendar.Date
			err := row.Scan(&r.RecordID, &effective)
			r.Until = addYears(effective, lookback).AddDays(-1)
			r.Args = []string{effective.String(), r.Until.String()}
			return err
		}}, nil
}}
