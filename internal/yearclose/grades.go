package yearclose

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/assessment"
	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// YearGrade is an institution's grade of a year, as GET
// /api/v1/institutions/{id}/grades answers: score x100.
type YearGrade struct {
	Year         int    `json:"year"`
	Score        int    `json:"score"`
	Grade        string `json:"grade"`
	ProvinceCode string `json:"province_code"`
	Assessments  int    `json:"assessments"`
}

// institutionFor checks the actor may see the institution: officials inside
// their region, institution users their own. Otherwise NotFound.
func institutionFor(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (name, regionCode string, err error) {
	switch {
	case a == nil:
		return "", "", apperr.New(apperr.Unauthorized, "error.unauthorized")
	case a.Role == auth.RoleInstitution && a.InstitutionID != id:
		return "", "", apperr.NotFoundf("institution")
	case a.Role != auth.RoleInstitution && !a.Role.Official():
		return "", "", apperr.NotFoundf("institution")
	}
	err = q.QueryRow(ctx, "SELECT name, region_code FROM institutions WHERE id = ?", id).Scan(&name, &regionCode)
	if db.IsNoRows(err) || (err == nil && a.Role != auth.RoleInstitution && !a.Scope().Contains(regionCode)) {
		return "", "", apperr.NotFoundf("institution")
	}
	return name, regionCode, err
}

// GradesOf lists an institution's grades, newest year first.
func (s *Service) GradesOf(ctx context.Context, a *auth.Actor, institutionID int64) ([]YearGrade, error) {
	if _, _, err := institutionFor(ctx, s.DB, a, institutionID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Query(ctx, `SELECT year, score, grade, province_code, assessments FROM year_grades WHERE institution_id = ? ORDER BY year DESC, province_code`, institutionID)
	if err != nil {
		return nil, fmt.Errorf("yearclose: grades: %w", err)
	}
	defer rows.Close()
	out := []YearGrade{}
	for rows.Next() {
		var g YearGrade
		if err := rows.Scan(&g.Year, &g.Score, &g.Grade, &g.ProvinceCode, &g.Assessments); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// Explanation shows how a year's grade was reached: each assessment with its
// weight, scores and justifications, the bands and the consequences.
type Explanation struct {
	InstitutionID   int64                    `json:"institution_id"`
	InstitutionName string                   `json:"institution_name"`
	Year            int                      `json:"year"`
	Closed          bool                     `json:"closed"` // a stored grade, not a preview
	Score           int                      `json:"score"`
	Grade           string                   `json:"grade"`
	Weighting       string                   `json:"weighting"`
	Bands           []Band                   `json:"bands"`
	Items           []ExplainedItem          `json:"items"`
	Consequences    []StoredConsequence      `json:"consequences"`
	Assessments     []*assessment.Assessment `json:"-"`
}

// ExplainedItem is one assessment in a grade, with its weight.
type ExplainedItem struct {
	*assessment.Assessment
	AmountFen int64 `json:"amount_fen"`
	Weight    int64 `json:"weight"`
}

// StoredConsequence is a consequence as recorded, with its credit effects.
type StoredConsequence struct {
	Consequence
	SanctionID     int64 `json:"sanction_id,omitempty"`
	CreditRecordID int64 `json:"credit_record_id,omitempty"`
}

// Explain returns how the institution's grade of year was reached: from the
// stored grade once the year is closed, otherwise a preview from the final
// assessments so far.
func (s *Service) Explain(ctx context.Context, a *auth.Actor, assess *assessment.Service, institutionID int64, year int) (*Explanation, error) {
	name, regionCode, err := institutionFor(ctx, s.DB, a, institutionID)
	if err != nil {
		return nil, err
	}
	province := regionCode[:2] + "0000"
	pol, err := LoadPolicy(ctx, s.DB, province, year)
	if err != nil {
		return nil, err
	}
	x := &Explanation{InstitutionID: institutionID, InstitutionName: name, Year: year, Weighting: pol.Weighting, Bands: pol.Bands,
		Items: []ExplainedItem{}, Consequences: []StoredConsequence{}}
	list, err := assess.ListFor(ctx, institutionID, year)
	if err != nil {
		return nil, err
	}
	var items []Item
	amounts := map[int64]int64{}
	if err := eachRow(ctx, s.DB, `SELECT p.id, p.amount_fen FROM projects p JOIN assessments a ON a.project_id = p.id WHERE a.institution_id = ? AND a.year = ?`,
		[]any{institutionID, year}, func(sc func(...any) error) error {
			var id, amt int64
			err := sc(&id, &amt)
			amounts[id] = amt
			return err
		}); err != nil {
		return nil, err
	}
	allZero := true
	for _, as := range list {
		if as.Final {
			allZero = allZero && amounts[as.ProjectID] == 0
		}
	}
	for _, as := range list {
		if !as.Final {
			continue
		}
		it := Item{AssessmentID: as.ID, ProjectID: as.ProjectID, InstitutionID: institutionID, Total: as.Total, AmountFen: amounts[as.ProjectID]}
		items = append(items, it)
		x.Items = append(x.Items, ExplainedItem{Assessment: as, AmountFen: it.AmountFen, Weight: Weight(it, pol.Weighting, allZero)})
	}
	if gs := Grades(items, pol); len(gs) == 1 {
		x.Score, x.Grade = gs[0].Score, gs[0].Grade
	}
	var stored YearGrade
	err = s.DB.QueryRow(ctx, "SELECT score, grade FROM year_grades WHERE province_code = ? AND year = ? AND institution_id = ?", province, year, institutionID).
		Scan(&stored.Score, &stored.Grade)
	switch {
	case err == nil:
		x.Closed, x.Score, x.Grade = true, stored.Score, stored.Grade
	case !db.IsNoRows(err):
		return nil, err
	}
	err = eachRow(ctx, s.DB, `SELECT kind, starts_on, ends_on, record_severity, COALESCE(sanction_id, 0), COALESCE(credit_record_id, 0)
		FROM year_consequences WHERE province_code = ? AND year = ? AND institution_id = ? ORDER BY id`, []any{province, year, institutionID},
		func(sc func(...any) error) error {
			c := StoredConsequence{Consequence: Consequence{InstitutionID: institutionID}}
			err := sc(&c.Kind, &c.StartsOn, &c.EndsOn, &c.RecordSeverity, &c.SanctionID, &c.CreditRecordID)
			x.Consequences = append(x.Consequences, c)
			return err
		})
	return x, err
}

// eachRow runs q and calls fn with each row's Scan.
func eachRow(ctx context.Context, d db.Queryer, q string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := d.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("yearclose: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
