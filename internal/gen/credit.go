package gen

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"sort"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/filing"
	"evalcred/internal/ledger"
)

// facts per category, as a provincial reviewer would write them.
var facts = map[string]string{
	"fraud":                  "在绩效评价工作中伪造评价数据，出具虚假评价结论",
	"favouritism":            "与被评价单位存在利害关系未主动回避，评价结论明显偏袒",
	"false_report":           "评价报告大量照搬其他项目报告内容，与实际情况不符",
	"leaking_data":           "擅自对外提供评价工作中获取的财政数据",
	"illegal_subcontracting": "将承接的评价项目违规转包给其他机构",
	"poor_quality":           "评价报告质量不合格，经三方评审两轮仍未通过",
	"missed_deadline":        "未按合同约定时间提交评价报告，逾期三十日以上",
	"refusing_cooperation":   "拒不配合财政部门开展的抽查工作",
	"other":                  "积极配合财政部门工作，评价质量突出，予以表扬",
}

type event struct {
	at      time.Time
	subject string
	id      int64
	kind    string
}

// credit writes credit records through time (most in force, some still in
// their objection window, some objected, voided or repaired), the sanctions
// the serious and some general ones carry (bans of three years, one-year
// suspensions, warnings), and one ledger entry per row, chained and signed
// exactly as the service's own appends are, so `evalcred ledger verify` holds.
func (w *writer) credit(ctx context.Context) error {
	r := rand.New(rand.NewPCG(w.p.Opts.Seed, 3))
	var cand []*Institution
	for _, in := range w.p.Institutions {
		if in.Status == "active" || in.Status == "deregistered" {
			cand = append(cand, in)
		}
	}
	// Per institution of the national set: the backlog is load-test work, not more country.
	n := int(float64(w.p.Opts.Institutions)*w.p.Opts.RecordsPer + 0.5)
	if len(cand) == 0 || n == 0 {
		return nil
	}
	perm := r.Perm(len(cand))
	today := w.today()
	var events []event
	err := w.s.DB.Tx(ctx, func(tx *db.Tx) error {
		p := newPipe(ctx, tx)
		recs := p.inserter("credit_records", `id, institution_id, kind, severity, category, facts, basis, state, proposed_by,
			proposer_region, proposed_on, objection_deadline, effective_on, publish_until, repair_earliest, objection_reason, objected_by,
			objected_at, objection_decision, objection_decided_by, objection_decided_at, repair_state, repair_explanation, repair_applied_by,
			repair_applied_at, repair_decided_by, repair_decided_at, repair_comment, repaired_on, created_at, updated_at`)
		sans := p.inserter("sanctions", "id, institution_id, type, scope, starts_on, ends_on, source_kind, source_id, record_id, reason, created_by, created_at")
		var sid int64
		var sanctions [][]any
		for k := range n {
			// Skewed: a few institutions collect several records, most have none.
			u := r.Float64()
			in := cand[perm[int(u*u*float64(len(cand)))]]
			id := int64(k + 1)
			prov := in.Region.code[:2] + "0000"
			by := w.reviewer[prov]
			kind, sev, cat := credit.KindBad, credit.SeverityMinor, credit.Categories[r.IntN(len(credit.Categories)-1)]
			switch x := r.IntN(100); {
			case x < 25:
				kind, cat = credit.KindGood, "other"
			case x < 50:
			case x < 83:
				sev = credit.SeverityGeneral
			default:
				sev = credit.SeveritySerious
			}
			proposed := today.AddDays(-r.IntN(5 * 365))
			deadline := w.cal.AddWorkdays(proposed, 10)
			effective := deadline.AddDays(1)
			until, earliest := window(kind, sev, effective)
			created := at(r, proposed)
			updated := created
			state := credit.StateEffective
			var objReason, objDecision, repState, repExpl, repComment string
			var objBy, objDecBy, repBy, repDecBy any
			var objAt, objDecAt, repAt, repDecAt any
			var repaired calendar.Date
			user := nullID(w.userOf[in.ID-1])
			object := func(decision string) {
				objReason, objBy, objAt = "对认定事实有异议，已提交补充材料", user, created.Add(72*time.Hour)
				if decision != "" {
					objDecision, objDecBy, objDecAt = decision, w.reviewer[prov], created.Add(240*time.Hour)
				}
				updated = created.Add(240 * time.Hour)
			}
			switch x := r.IntN(100); {
			case effective.After(today) && x < 15:
				state = credit.StateObjected
				object("")
			case effective.After(today):
				state = credit.StateProposed
			case kind == credit.KindBad && x < 5:
				state = credit.StateVoid
				object("upheld")
			case kind == credit.KindBad && x < 10:
				object("rejected")
			case kind == credit.KindBad && sev != credit.SeverityMinor && x < 22 && !earliest.After(today):
				state, repState = credit.StateRepaired, credit.RepairApproved
				repaired = earliest.AddDays(r.IntN(max(1, earliest.DaysUntil(today))))
				repExpl, repBy, repAt = "已完成整改并提交信用承诺书", user, repaired.AddDays(-10).Time().UTC()
				repComment, repDecBy, repDecAt = "整改到位，同意修复", by, repaired.Time().UTC()
				updated = repaired.Time().UTC()
			}
			if err := recs.add(ctx, id, in.ID, kind, sev, cat, facts[cat], "《预算绩效评价第三方机构信用管理办法》", state, by,
				prov, proposed, deadline, effective, until, earliest, objReason, objBy, objAt, objDecision, objDecBy, objDecAt,
				repState, repExpl, repBy, repAt, repDecBy, repDecAt, repComment, repaired, created, updated); err != nil {
				return err
			}
			events = append(events, event{created, credit.SubjectRecord, id, "proposed"})
			typ, ends := sanctionFor(r, kind, sev, effective)
			if typ == "" {
				continue
			}
			sid++
			// Queued until every record is written: a sanction refers to its record.
			sanctions = append(sanctions, []any{sid, in.ID, typ, credit.ScopeProvince, effective, ends, credit.SourceCreditRecord, id, id,
				cat, by, created})
			events = append(events, event{created, credit.SubjectSanction, sid, "sanction_imposed"})
		}
		recs.flush(ctx)
		for _, row := range sanctions {
			if err := sans.add(ctx, row...); err != nil {
				return err
			}
		}
		if err := p.wait(ctx, sans); err != nil {
			return err
		}
		w.st.Records, w.st.Sanctions = recs.Total, sans.Total
		if err := tx.ResetIdentities(ctx, "credit_records", "sanctions"); err != nil {
			return err
		}
		return w.chain(ctx, tx, events)
	})
	return err
}

// window is the default publication window (policy credit.publication_months
// and credit.good_publication_months) and earliest repair date.
func window(kind, sev string, effective calendar.Date) (until, earliest calendar.Date) {
	if kind == credit.KindGood {
		return filing.AddMonths(effective, 12).AddDays(-1), calendar.Date{}
	}
	switch sev {
	case credit.SeverityGeneral:
		return filing.AddMonths(effective, 12).AddDays(-1), filing.AddMonths(effective, 3)
	case credit.SeveritySerious:
		return filing.AddMonths(effective, 36).AddDays(-1), filing.AddMonths(effective, 12)
	}
	return calendar.Date{}, effective
}

// sanctionFor: serious records ban for three years (the default), a third
// of general ones suspend for a year, some minor ones warn.
func sanctionFor(r *rand.Rand, kind, sev string, start calendar.Date) (string, calendar.Date) {
	x := r.IntN(100)
	switch {
	case kind == credit.KindGood:
	case sev == credit.SeveritySerious && x < 90:
		return credit.SanctionBan, filing.AddMonths(start, 36).AddDays(-1)
	case sev == credit.SeverityGeneral && x < 33:
		return credit.SanctionSuspension, filing.AddMonths(start, 12).AddDays(-1)
	case sev == credit.SeverityMinor && x < 30:
		return credit.SanctionWarning, start
	}
	return "", calendar.Date{}
}

// chain appends one ledger entry per credit row, oldest first, holding the
// row as stored (credit.CurrentRow, read inside tx on the writer, whose
// large page cache has the rows just written), in bulk; the last goes
// through Ledger.Append so that the head is signed with the server's key.
func (w *writer) chain(ctx context.Context, tx *db.Tx, events []event) error {
	if len(events) == 0 {
		return nil
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	payloads := make([]json.RawMessage, len(events))
	for i, e := range events {
		var err error
		if payloads[i], _, err = credit.CurrentRow(ctx, tx, e.subject, e.id); err != nil {
			return err
		}
	}
	p := newPipe(ctx, tx)
	b := p.inserter("ledger_entries", "seq, at, kind, subject, subject_id, payload, prev_hash, hash")
	prev := ""
	for i, e := range events[:len(events)-1] {
		en := ledger.Entry{Seq: int64(i + 1), At: e.at.UTC().Truncate(time.Microsecond), Kind: e.kind, Subject: e.subject,
			SubjectID: e.id, Payload: payloads[i], PrevHash: prev}
		en.Hash = ledger.Hash(en)
		if err := b.add(ctx, en.Seq, en.At, en.Kind, en.Subject, en.SubjectID, string(en.Payload), en.PrevHash, en.Hash); err != nil {
			return err
		}
		prev = en.Hash
	}
	if err := p.wait(ctx, b); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1", len(events)-1, prev); err != nil {
		return err
	}
	last := events[len(events)-1]
	_, err := w.s.Ledger.Append(ctx, tx, ledger.Event{At: last.at, Kind: last.kind, Subject: last.subject, SubjectID: last.id,
		Payload: payloads[len(events)-1]})
	return err
}
