package yearclose

import (
	"context"
	"time"

	"evalcred/internal/db"
)

// consequenceStore holds every query of the consequences a close records
// (year_consequences), with the sanction and the bad record each one led to.
type consequenceStore struct{ q db.Queryer }

// insert records c for run r unless it is recorded already, and returns
// its id, whether this inserted it, and its sanction when one was imposed.
func (s consequenceStore) insert(ctx context.Context, r *Run, c Consequence, now time.Time) (id int64, inserted bool, sanctionID *int64, err error) {
	res, err := s.q.Exec(ctx, `INSERT INTO year_consequences (province_code, year, institution_id, kind, starts_on, ends_on, record_severity, run_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (province_code, year, institution_id, kind) DO NOTHING`,
		r.ProvinceCode, r.Year, c.InstitutionID, c.Kind, c.StartsOn, c.EndsOn, c.RecordSeverity, r.ID, now)
	if err != nil {
		return 0, false, nil, errorf("consequence: %w", err)
	}
	err = s.q.QueryRow(ctx, `SELECT id, sanction_id FROM year_consequences WHERE province_code = ? AND year = ? AND institution_id = ? AND kind = ?`,
		r.ProvinceCode, r.Year, c.InstitutionID, c.Kind).Scan(&id, &sanctionID)
	return id, added(res), sanctionID, err
}

// setSanction notes the sanction consequence id imposed.
func (s consequenceStore) setSanction(ctx context.Context, id, sanctionID int64) error {
	_, err := s.q.Exec(ctx, "UPDATE year_consequences SET sanction_id = ? WHERE id = ?", sanctionID, id)
	return err
}

// setRecord notes the bad record consequence id led to, unless it notes one
// already; it reports whether it did.
func (s consequenceStore) setRecord(ctx context.Context, id, recordID int64) (bool, error) {
	res, err := s.q.Exec(ctx, "UPDATE year_consequences SET credit_record_id = ? WHERE id = ? AND credit_record_id IS NULL", recordID, id)
	return err == nil && added(res), err
}

// due lists the consequences of a province's year that call for a bad
// record and have none yet, with the institution's score.
func (s consequenceStore) due(ctx context.Context, province string, year int) ([]due, error) {
	return db.List(ctx, s.q, "yearclose: records due", func(sc db.Scanner) (due, error) {
		var d due
		err := sc.Scan(&d.id, &d.institutionID, &d.severity, &d.score)
		return d, err
	}, `SELECT c.id, c.institution_id, c.record_severity, COALESCE(g.score, 0) FROM year_consequences c
		LEFT JOIN year_grades g ON g.province_code = c.province_code AND g.year = c.year AND g.institution_id = c.institution_id
		WHERE c.province_code = ? AND c.year = ? AND c.record_severity <> '' AND c.credit_record_id IS NULL ORDER BY c.id`, province, year)
}

// ofInstitution lists an institution's consequences of a province's year,
// in the order they were recorded.
func (s consequenceStore) ofInstitution(ctx context.Context, province string, year int, institutionID int64) ([]StoredConsequence, error) {
	return db.List(ctx, s.q, "yearclose: consequences", func(sc db.Scanner) (StoredConsequence, error) {
		c := StoredConsequence{Consequence: Consequence{InstitutionID: institutionID}}
		err := sc.Scan(&c.Kind, &c.StartsOn, &c.EndsOn, &c.RecordSeverity, &c.SanctionID, &c.CreditRecordID)
		return c, err
	}, `SELECT kind, starts_on, ends_on, record_severity, COALESCE(sanction_id, 0), COALESCE(credit_record_id, 0)
		FROM year_consequences WHERE province_code = ? AND year = ? AND institution_id = ? ORDER BY id`, province, year, institutionID)
}
