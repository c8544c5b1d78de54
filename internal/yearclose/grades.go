package yearclose

import (
	"context"

	"evalcred/internal/assessment"
	"evalcred/internal/auth"
	"evalcred/internal/policy"
	"evalcred/internal/registry"
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

// GradesOf lists an institution's grades, newest year first, to those who
// may see the institution (registry.CanSee); NotFound to anyone else.
func (s *Service) GradesOf(ctx context.Context, a *auth.Actor, institutionID int64) ([]YearGrade, error) {
	if _, err := registry.LoadFor(ctx, s.DB, a, institutionID, s.Clock.Now()); err != nil {
		return nil, err
	}
	return gradeStore{s.DB}.ofInstitution(ctx, institutionID)
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
	inst, err := registry.LoadFor(ctx, s.DB, a, institutionID, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	province := policy.ProvinceOf(inst.RegionCode)
	pol, err := LoadPolicy(ctx, s.DB, province, year)
	if err != nil {
		return nil, err
	}
	x := &Explanation{InstitutionID: institutionID, InstitutionName: inst.Name, Year: year, Weighting: pol.Weighting, Bands: pol.Bands,
		Items: []ExplainedItem{}}
	list, err := assess.ListFor(ctx, institutionID, year)
	if err != nil {
		return nil, err
	}
	amounts, err := assessment.ProjectAmounts(ctx, s.DB, institutionID, year)
	if err != nil {
		return nil, err
	}
	allZero := true
	for _, as := range list {
		if as.Final {
			allZero = allZero && amounts[as.ProjectID] == 0
		}
	}
	var items []Item
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
	stored, closed, err := gradeStore{s.DB}.one(ctx, province, year, institutionID)
	if err != nil {
		return nil, err
	}
	if closed {
		x.Closed, x.Score, x.Grade = true, stored.Score, stored.Grade
	}
	x.Consequences, err = consequenceStore{s.DB}.ofInstitution(ctx, province, year, institutionID)
	return x, err
}
