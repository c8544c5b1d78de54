package demo

import (
	"context"

	"evalcred/internal/db"
)

// Firm is an institution that can staff a demo project: a lead evaluator
// and someone else it filed, by ID number.
type Firm struct {
	ID                     int64
	Region                 string
	LeadEvaluator, Someone string
}

// Staffable lists the institutions of pool, in its order, that have a lead
// evaluator and someone else among the people the query people lists for
// one of them: rows of ID number, role and the institution's region, with
// the institution's id as the first argument and args after it.
func Staffable(ctx context.Context, q db.Queryer, pool []int64, people string, args ...any) ([]Firm, error) {
	type filed struct{ idNumber, role, region string }
	var out []Firm
	for _, id := range pool {
		list, err := db.List(ctx, q, "demo: people", func(sc db.Scanner) (filed, error) {
			var p filed
			err := sc.Scan(&p.idNumber, &p.role, &p.region)
			return p, err
		}, people, append([]any{id}, args...)...)
		if err != nil {
			return nil, err
		}
		f := Firm{ID: id}
		for _, p := range list {
			f.Region = p.region
			switch {
			case p.role == "lead_evaluator" && f.LeadEvaluator == "":
				f.LeadEvaluator = p.idNumber
			case f.Someone == "" && p.idNumber != f.LeadEvaluator:
				f.Someone = p.idNumber
			}
		}
		if f.LeadEvaluator != "" && f.Someone != "" && f.Someone != f.LeadEvaluator {
			out = append(out, f)
		}
	}
	return out, nil
}
