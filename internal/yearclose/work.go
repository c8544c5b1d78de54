package yearclose

import (
	"context"
	"encoding/json"

	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/fee"
)

// counts are what one transaction added, for the run's report.
type counts struct{ grades, consequences, fees int }

// work computes the plan of run r and writes it, ChunkSize institutions per
// transaction, then proposes the bad records the consequences call for,
// ChunkSize per transaction. The progress counts both phases: total is the
// institutions plus the records to propose, and each transaction moves done
// (and the heartbeat) on, so 100% means the run has nothing left to do.
func (s *Service) work(ctx context.Context, r *Run) error {
	in, err := loadInputs(ctx, s.DB, r.ProvinceCode, r.Year, calendar.Current(s.Clock))
	if err != nil {
		return err
	}
	plan := Compute(in)
	// The records are counted from the plan first (an earlier run may have
	// proposed some already: the count is set right once they are known).
	records := 0
	cons := map[int64][]Consequence{}
	for _, c := range plan.Consequences {
		cons[c.InstitutionID] = append(cons[c.InstitutionID], c)
		if c.RecordSeverity != "" {
			records++
		}
	}
	if err := (runStore{s.DB}).setTotal(ctx, r.ID, len(plan.Grades)+records); err != nil {
		return err
	}
	fees := map[int64][]fee.Line{}
	for _, l := range plan.Fees {
		fees[l.InstitutionID] = append(fees[l.InstitutionID], l)
	}
	size := s.ChunkSize
	if size <= 0 {
		size = 500
	}
	for i := 0; i < len(plan.Grades); i += size {
		chunk := plan.Grades[i:min(i+size, len(plan.Grades))]
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			var n counts
			for _, g := range chunk {
				if err := s.writeInstitution(ctx, tx, r, in.Policy.Weighting, g, cons[g.InstitutionID], fees[g.InstitutionID], &n); err != nil {
					return err
				}
			}
			return runStore{tx}.progress(ctx, r.ID, len(chunk), clock.Stamp(s.Clock), `grades_added = grades_added + ?,
				consequences_added = consequences_added + ?, fees_added = fees_added + ?`, n.grades, n.consequences, n.fees)
		})
		if err != nil {
			return err
		}
	}
	list, err := consequenceStore{s.DB}.due(ctx, r.ProvinceCode, r.Year)
	if err != nil {
		return err
	}
	if err := (runStore{s.DB}).setTotal(ctx, r.ID, len(plan.Grades)+len(list)); err != nil {
		return err
	}
	return s.proposeRecords(ctx, r, list, size)
}

// writeInstitution writes one institution's grade, consequences and fees,
// each only if not there yet, and a report line for each one added.
func (s *Service) writeInstitution(ctx context.Context, tx *db.Tx, r *Run, weighting string, g Grade, cons []Consequence, fees []fee.Line, n *counts) error {
	now, report := clock.Stamp(s.Clock), runStore{tx}
	added, err := gradeStore{tx}.insert(ctx, r, g, weighting, now)
	if err != nil {
		return err
	}
	if added {
		n.grades++
		if err := report.addChange(ctx, r.ID, "grade", g.InstitutionID, 0, g.Grade, int64(g.Score)); err != nil {
			return err
		}
	}
	for _, c := range cons {
		if err := s.writeConsequence(ctx, tx, r, c, n); err != nil {
			return err
		}
	}
	for _, l := range fees {
		added, err := feeStore{tx}.insert(ctx, r, l, now)
		if err != nil {
			return err
		}
		if added {
			n.fees++
			b, _ := json.Marshal(l)
			if err := report.addChange(ctx, r.ID, "fee", l.InstitutionID, l.ProjectID, string(b), l.TotalFen); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeConsequence records a consequence once and imposes its suspension
// through the credit part with the consequence as its source; a run that
// finds the row without its sanction (a crash in between cannot happen inside
// one transaction, but an older run may have failed) completes it.
func (s *Service) writeConsequence(ctx context.Context, tx *db.Tx, r *Run, c Consequence, n *counts) error {
	st := consequenceStore{tx}
	id, added, sanctionID, err := st.insert(ctx, r, c, clock.Stamp(s.Clock))
	if err != nil {
		return err
	}
	if added {
		n.consequences++
		b, _ := json.Marshal(c)
		if err := (runStore{tx}).addChange(ctx, r.ID, "consequence", c.InstitutionID, 0, string(b), id); err != nil {
			return err
		}
	}
	if sanctionID != nil || !c.Suspends() {
		return nil
	}
	sid, err := s.Credit.ImposeSanction(ctx, tx, credit.SanctionInput{InstitutionID: c.InstitutionID, Type: credit.SanctionSuspension,
		StartsOn: c.StartsOn, EndsOn: c.EndsOn, Scope: credit.ScopeProvince, SourceKind: credit.SourceAssessment, SourceID: id,
		Reason: "assessment." + c.Kind})
	if err != nil {
		return err
	}
	return st.setSanction(ctx, id, sid)
}

// Suspends reports whether the consequence suspends (a record-only
// consequence has no days).
func (c Consequence) Suspends() bool { return c.EndsOn.After(c.StartsOn) }
