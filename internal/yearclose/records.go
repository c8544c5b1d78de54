package yearclose

import (
	"context"
	"fmt"
	"strconv"

	"evalcred/internal/assessment"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/locale"
)

// due is a consequence that calls for a bad record and has none yet.
type due struct {
	id, institutionID int64
	severity          string
	score             int
}

// proposeRecords proposes the bad records of list, size per transaction: in
// each, the credit part proposes the record on the province's behalf
// (ProposeTx, with the consequence row as its source, so that it is proposed
// once however often this runs), the consequence notes the record, and the
// run's progress moves on by one per record.
func (s *Service) proposeRecords(ctx context.Context, r *Run, list []due, size int) error {
	for i := 0; i < len(list); i += size {
		chunk := list[i:min(i+size, len(list))]
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			n := 0
			for _, d := range chunk {
				res, err := s.Credit.ProposeTx(ctx, tx, credit.SystemProposal{InstitutionID: d.institutionID, Kind: credit.KindBad, Severity: d.severity,
					Category: "poor_quality", Facts: locale.T("zh", "year.record.facts", r.Year, assessment.Points(d.score)),
					Basis:      locale.T("zh", "year.record.basis", r.Year, strconv.FormatInt(d.id, 10)),
					RegionCode: r.ProvinceCode, SourceKind: credit.SourceAssessment, SourceID: d.id})
				if err != nil {
					return fmt.Errorf("yearclose: propose record for consequence %d: %w", d.id, err)
				}
				noted, err := consequenceStore{tx}.setRecord(ctx, d.id, res.ID)
				if err != nil {
					return err
				}
				if !noted {
					continue
				}
				n++
				if err := (runStore{tx}).addChange(ctx, r.ID, "record", d.institutionID, 0, d.severity, res.ID); err != nil {
					return err
				}
			}
			return runStore{tx}.progress(ctx, r.ID, len(chunk), clock.Stamp(s.Clock), "records_added = records_added + ?", n)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
