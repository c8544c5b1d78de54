package yearclose

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/policy"
	"evalcred/internal/registry"
)

// WhatIfInput is the body of POST /api/v1/years/{year}/what-if: a draft value
// of one of the keys the close reads.
type WhatIfInput struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

// WhatIfKeys are the policy keys a what-if may draft.
var WhatIfKeys = []string{"assessment.grade_bands", "assessment.consequences", "assessment.grade_weighting"}

// Affected is an institution whose grade or consequences the draft changes.
type Affected struct {
	InstitutionID     int64    `json:"institution_id"`
	InstitutionName   string   `json:"institution_name"`
	Score             int      `json:"score"`
	Grade             string   `json:"grade"`
	DraftScore        int      `json:"draft_score"`
	DraftGrade        string   `json:"draft_grade"`
	Consequences      []string `json:"consequences"`
	DraftConsequences []string `json:"draft_consequences"`
}

// WhatIf is the answer: the counts per grade now and under the draft, and
// every institution the draft would affect. Nothing is written.
type WhatIf struct {
	Year     int            `json:"year"`
	Key      string         `json:"key"`
	Current  map[string]int `json:"current"`
	Draft    map[string]int `json:"draft"`
	Affected []Affected     `json:"affected"`
}

// WhatIf computes the year's grades and consequences under the policy in
// force and again with the draft value, from the final assessments, and
// lists the differences. Needs year.close or policy.manage; it changes
// nothing.
func (s *Service) WhatIf(ctx context.Context, a *auth.Actor, year int, in WhatIfInput) (*WhatIf, error) {
	if !a.Can("policy.manage") {
		if err := a.Require("year.close"); err != nil {
			return nil, err
		}
	}
	if !slices.Contains(WhatIfKeys, in.Key) {
		return nil, apperr.InvalidField("key", "year.field.whatif_key")
	}
	province := policy.ProvinceOf(a.RegionCode)
	inputs, err := loadInputs(ctx, s.DB, province, year, calendar.Current(s.Clock))
	if err != nil {
		return nil, err
	}
	// Both sides are computed afresh, so that the comparison is of policies,
	// not of a stored grade against a recomputed one.
	inputs.Stored = map[int64]Grade{}
	draft := *inputs
	if err := decodeDraft(in, &draft.Policy); err != nil {
		return nil, err
	}
	now, next := Compute(inputs), Compute(&draft)
	out := &WhatIf{Year: year, Key: in.Key, Current: count(now.Grades), Draft: count(next.Grades), Affected: []Affected{}}
	kinds := func(p *Plan) map[int64][]string {
		m := map[int64][]string{}
		for _, c := range p.Consequences {
			m[c.InstitutionID] = append(m[c.InstitutionID], c.Kind)
		}
		return m
	}
	kNow, kNext := kinds(now), kinds(next)
	for i, g := range now.Grades {
		d := next.Grades[i]
		if g.Grade == d.Grade && g.Score == d.Score && slices.Equal(kNow[g.InstitutionID], kNext[g.InstitutionID]) {
			continue
		}
		out.Affected = append(out.Affected, Affected{InstitutionID: g.InstitutionID, Score: g.Score, Grade: g.Grade, DraftScore: d.Score,
			DraftGrade: d.Grade, Consequences: nonNil(kNow[g.InstitutionID]), DraftConsequences: nonNil(kNext[g.InstitutionID])})
	}
	for i, x := range out.Affected {
		if inst, err := registry.Load(ctx, s.DB, x.InstitutionID, s.Clock.Now()); err == nil {
			out.Affected[i].InstitutionName = inst.Name
		}
	}
	return out, nil
}

// decodeDraft puts the draft value into p, refusing a value of another shape.
func decodeDraft(in WhatIfInput, p *Policy) error {
	var dst any
	switch in.Key {
	case "assessment.grade_bands":
		p.Bands = nil
		dst = &p.Bands
	case "assessment.consequences":
		p.Rules = Rules{}
		dst = &p.Rules
	case "assessment.grade_weighting":
		dst = &p.Weighting
	}
	dec := json.NewDecoder(bytes.NewReader(in.Value))
	dec.DisallowUnknownFields()
	if len(in.Value) == 0 || dec.Decode(dst) != nil {
		return apperr.InvalidField("value", "field.policy_value")
	}
	if in.Key == "assessment.grade_weighting" && p.Weighting != "amount" && p.Weighting != "equal" {
		return apperr.InvalidField("value", "field.policy_value")
	}
	return nil
}

func count(gs []Grade) map[string]int {
	m := map[string]int{}
	for _, g := range gs {
		m[g.Grade]++
	}
	return m
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
