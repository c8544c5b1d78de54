package yearclose

import (
	"context"
	"fmt"
	"strconv"

	"evalcred/internal/assessment"
	"evalcred/internal/auth"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/locale"
)

// proposeRecords proposes the bad record of every consequence of the run's
// year that calls for one and has none yet.
//
// The credit part offers Propose only as a whole transaction of its own with
// an acting official, so this is the smallest adapter: the record is proposed
// by the platform on the province's behalf (a system actor of the provincial
// reviewer role at the province, user id 0), goes through the normal
// objection window, and any provincial administrator may decide an objection
// (none of them is its proposer). Its basis names the consequence row, so a
// run that crashed between the proposal and writing down the record's id
// finds the record again instead of proposing a second one.
func (s *Service) proposeRecords(ctx context.Context, r *Run) error {
	type due struct {
		id, institutionID int64
		severity          string
		score             int
	}
	rows, err := s.DB.Query(ctx, `SELECT c.id, c.institution_id, c.record_severity, COALESCE(g.score, 0) FROM year_consequences c
		LEFT JOIN year_grades g ON g.province_code = c.province_code AND g.year = c.year AND g.institution_id = c.institution_id
		WHERE c.province_code = ? AND c.year = ? AND c.record_severity <> '' AND c.credit_record_id IS NULL ORDER BY c.id`, r.ProvinceCode, r.Year)
	if err != nil {
		return errorf("records due: %w", err)
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.institutionID, &d.severity, &d.score); err != nil {
			rows.Close()
			return err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	system := &auth.Actor{Username: "system:year-close", Name: "year close", Role: auth.RoleProvincialReviewer, RegionCode: r.ProvinceCode}
	for _, d := range list {
		basis := locale.T("zh", "year.record.basis", r.Year, strconv.FormatInt(d.id, 10))
		var recordID int64
		err := s.DB.QueryRow(ctx, "SELECT id FROM credit_records WHERE institution_id = ? AND basis = ? ORDER BY id LIMIT 1", d.institutionID, basis).Scan(&recordID)
		if db.IsNoRows(err) {
			res, perr := s.Credit.Propose(ctx, system, credit.ProposeInput{InstitutionID: d.institutionID, Kind: credit.KindBad, Severity: d.severity,
				Category: "poor_quality", Facts: locale.T("zh", "year.record.facts", r.Year, assessment.Points(d.score)), Basis: basis})
			if perr != nil {
				return fmt.Errorf("yearclose: propose record for consequence %d: %w", d.id, perr)
			}
			recordID, err = res.ID, nil
		}
		if err != nil {
			return err
		}
		err = s.DB.Tx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, "UPDATE year_consequences SET credit_record_id = ? WHERE id = ? AND credit_record_id IS NULL", recordID, d.id)
			if err != nil || !added(res) {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE year_close_runs SET records_added = records_added + 1 WHERE id = ?", r.ID); err != nil {
				return err
			}
			return change(ctx, tx, r.ID, "record", d.institutionID, 0, d.severity, recordID)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
