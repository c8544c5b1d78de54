package draw

import (
	"context"
	"slices"

	"evalcred/internal/db"
	"evalcred/internal/region"
)

// Named is a draw as officials read it: what was drawn (and, for a
// selection, what was left out) by name, beside the ids the API keeps.
type Named struct {
	*Draw
	ResultNames   []string `json:"result_names"`
	ExcludedNames []string `json:"excluded_names,omitempty"`
}

// LoadNamed reads a draw with the names of what it drew and excluded.
func LoadNamed(ctx context.Context, q db.Queryer, id int64) (*Named, error) {
	st := drawStore{q}
	d, err := st.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return st.named(ctx, d)
}

func (s drawStore) named(ctx context.Context, d *Draw) (*Named, error) {
	n := &Named{Draw: d}
	var err error
	if n.ResultNames, err = s.resultNames(ctx, d); err != nil {
		return nil, err
	}
	for _, x := range d.Excluded {
		name, err := s.name(ctx, "institutions", x.InstitutionID)
		if err != nil {
			return nil, err
		}
		n.ExcludedNames = append(n.ExcludedNames, name)
	}
	return n, nil
}

// SpotChecksOf returns the spot-check draws made inside scope that drew
// the project, newest first, with the names of the projects each drew:
// the choices of the draw a spot check is recorded under.
func SpotChecksOf(ctx context.Context, q db.Queryer, scope region.Scope, projectID int64) ([]*Named, error) {
	st := drawStore{q}
	ids, err := st.spotChecks(ctx, scope)
	if err != nil {
		return nil, err
	}
	out := []*Named{}
	for _, id := range ids {
		d, err := st.get(ctx, id)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(d.Result, projectID) {
			continue
		}
		n, err := st.named(ctx, d)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}
