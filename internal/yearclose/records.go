package yearclose

import (
	"context"
	"fmt"
	"strconv"

	"evalcred/internal/assessment"
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

// recordsDue lists the consequences of the run's year that call for a bad
// record and have none yet.
func (s *Service) recordsDue(ctx context.Context, r *Run) ([]due, error) {
	rows, err := s.DB.Query(ctx, `SELECT c.id, c.institution_id, c.record_severity, COALESCE(g.score, 0) FROM year_consequences c
		LEFT JOIN year_grades g ON g.province_code = c.province_code AND g.year = c.year AND g.institution_id = c.institution_id
		WHERE c.province_code = ? AND c.year = ? AND c.record_severity <> '' AND c.credit_record_id IS NULL ORDER BY c.id`, r.ProvinceCode, r.Year)
	if err != nil {
		return nil, errorf("records due: %w", err)
	}
	defer rows.Close()
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.institutionID, &d.severity, &d.score); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
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
				upd, err := tx.Exec(ctx, "UPDATE year_consequences SET credit_record_id = ? WHERE id = ? AND credit_record_id IS NULL", res.ID, d.id)
				if err != nil {
					return err
				}
				if !added(upd) {
					continue
				}
				n++
				if err := change(ctx, tx, r.ID, "record", d.institutionID, 0, d.severity, res.ID); err != nil {
					return err
				}
			}
			return s.progress(ctx, tx, r.ID, len(chunk), "records_added = records_added + ?", n)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
