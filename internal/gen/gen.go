// Package gen fills an empty database with a realistic national data set for
// load tests and benchmarks: institutions across the 31 provinces in a fixed
// proportion, with valid USCCs, Chinese names, about ten people each (valid,
// unique resident ID numbers), registrations and accounts, filings with
// several versions and their two-level review tasks, credit records and
// sanctions through time on the signed ledger, the name index, and the demo
// officials. The data set is a pure function of the options (seed, size,
// today), so that a benchmark can be repeated on the same data.
//
// It writes rows directly with multi-row INSERTs in a few large transactions
// rather than through the services: the services' per-row checks, audit
// entries and notifications are what the benchmarks measure, not what a
// data set needs, and going through them would take hours at this size.
// What it writes obeys the same schema, states and invariants (a version's
// tasks match its state, the institution's filing columns match its latest
// versions, every credit row has its ledger entry).
package gen

import (
	"context"
	"errors"
	"fmt"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/publicquery"
	"evalcred/internal/services"
)

// Options say what to generate.
type Options struct {
	Institutions int    // in the country, the hot county's included
	Seed         uint64 // the same seed (and Today) gives the same data set
	// HotRegion and HotCount put HotCount of the institutions in one county,
	// each with a filing waiting at level 1: the reviewer queue at scale.
	HotRegion string
	HotCount  int
	// Backlog adds institutions across the hot county's province, each with
	// a filing waiting at level 2: work for the review-decision load test.
	Backlog int
	// Versions is the mean number of filing versions per institution that
	// has filed (1 to 2*Versions-1); People the people per institution.
	Versions, People int
	// RecordsPer is the credit records per institution.
	RecordsPer float64
	// Today anchors every date; zero means today in China.
	Today calendar.Date
}

// Defaults are the options of the national data set of docs/performance.md (10 people
// per institution, 2 credit records per institution) at 1,000 institutions.
func Defaults() Options {
	return Options{Institutions: 1000, Seed: 1, HotRegion: "430102", Versions: 3, People: 10, RecordsPer: 2}
}

func (o *Options) validate() error {
	var errs []error
	if o.Institutions < 1 {
		errs = append(errs, errors.New("institutions: must be at least 1"))
	}
	if o.HotCount < 0 || o.HotCount > o.Institutions {
		errs = append(errs, errors.New("hot-count: must be between 0 and the number of institutions"))
	}
	if o.Backlog < 0 {
		errs = append(errs, errors.New("backlog: must be >= 0"))
	}
	if o.Versions < 1 || o.People < 4 || o.RecordsPer < 0 {
		errs = append(errs, errors.New("versions >= 1, people >= 4 and records >= 0 are required"))
	}
	if o.Today.IsZero() {
		o.Today = calendar.Today()
	}
	return errors.Join(errs...)
}

// Stats says what was written and how long each part took.
type Stats struct {
	Institutions, Persons, Roles, Versions, Tasks, Records, Sanctions int
	Phases                                                            []Phase
	Total                                                             time.Duration
}

// Phase is one timed part of a run.
type Phase struct {
	Name string
	Took time.Duration
}

// Run generates the data set into s.DB, which must hold no institutions yet.
func Run(ctx context.Context, s *services.Set, o Options) (*Stats, error) {
	start := time.Now()
	var n int
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM institutions").Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fmt.Errorf("gen: the database already holds %d institutions; generate into an empty one", n)
	}
	st := &Stats{}
	timed := func(name string, fn func() error) error {
		t := time.Now()
		err := fn()
		st.Phases = append(st.Phases, Phase{name, time.Since(t)})
		return err
	}
	var p *Plan
	var err error
	if err := timed("plan", func() error { p, err = NewPlan(o); return err }); err != nil {
		return nil, err
	}
	w := &writer{s: s, p: p, st: st, cal: s.Cal}
	restore, err := s.DB.BulkLoad(ctx)
	if err != nil {
		return nil, err
	}
	defer restore()
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"officials", w.officials},
		{"institutions", w.institutions},
		{"people", w.people},
		{"filings", w.filings},
		{"credit", w.credit},
		{"name index", func(ctx context.Context) error { return publicquery.Reindex(ctx, s.DB) }},
		{"analyze", w.analyze},
	}
	for _, step := range steps {
		if err := timed(step.name, func() error { return step.fn(ctx) }); err != nil {
			return nil, fmt.Errorf("gen: %s: %w", step.name, err)
		}
	}
	st.Institutions = len(p.Institutions)
	st.Persons = len(p.Persons)
	st.Total = time.Since(start)
	return st, nil
}

// analyze vacuums and analyzes the tables written, as autovacuum soon
// would on a database that grew by use (db.VacuumAnalyze). SQLite is left
// without statistics, as the platform's own databases are, so benchmarks
// run on what the platform runs. The tables written, not the whole
// database: a shared server (the test schemas) holds tables that are not
// ours to vacuum.
func (w *writer) analyze(ctx context.Context) error {
	return w.s.DB.VacuumAnalyze(ctx, "institutions", "registrations", "users", "persons", "person_roles", "filing_versions",
		"filing_drafts", "review_tasks", "credit_records", "sanctions", "ledger_entries", "name_grams", "name_gram_df")
}

// USCCs returns the USCCs of a plan's institutions in id order (for tests
// and for load generators that look institutions up).
func (p *Plan) USCCs() []string {
	out := make([]string, len(p.Institutions))
	for i, in := range p.Institutions {
		out[i] = in.USCC
	}
	return out
}
