package yearclose

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// Begin and Work are the close's steps without execute's ending (the run's
// state and the release of the claim): a run that stops after them is one
// whose server stopped there.
func (s *Service) Begin(ctx context.Context, a *auth.Actor, year int) (int64, error) {
	return s.begin(ctx, a, year)
}

func (s *Service) Work(ctx context.Context, id int64) error {
	r, err := runStore{s.DB}.get(ctx, id)
	if err != nil {
		return err
	}
	return s.work(ctx, r)
}

// RecordsStep runs the records step of run id again over every consequence
// of its year that calls for a record, as a step that listed them before the
// first one committed would see them.
func (s *Service) RecordsStep(ctx context.Context, id int64) error {
	r, err := runStore{s.DB}.get(ctx, id)
	if err != nil {
		return err
	}
	list, err := db.List(ctx, s.DB, "records step", func(sc db.Scanner) (due, error) {
		var d due
		err := sc.Scan(&d.id, &d.institutionID, &d.severity)
		return d, err
	}, `SELECT c.id, c.institution_id, c.record_severity FROM year_consequences c
		WHERE c.province_code = ? AND c.year = ? AND c.record_severity <> '' ORDER BY c.id`, r.ProvinceCode, r.Year)
	if err != nil {
		return err
	}
	return s.proposeRecords(ctx, r, list, 1)
}
