package draw

import (
	"context"

	"evalcred/internal/db"
	"evalcred/internal/privacy"
)

// Service answers the public page of a draw.
type Service struct {
	DB *db.DB
}

// PublicDraw is a draw as the public sees it, with the names of what was
// drawn (institutions for a selection, projects for spot checks): names are
// public, people are not in it.
type PublicDraw struct {
	*Draw
	ProjectName string   `json:"project_name,omitempty"`
	ResultNames []string `json:"result_names"`
	// ExcludedNames names the institutions left out of the pool, in
	// Excluded's order.
	ExcludedNames []string `json:"excluded_names"`
	Verified      bool     `json:"verified"`
}

// Public returns a draw for GET /api/v1/public/draws/{id}: no login.
func (s *Service) Public(ctx context.Context, id int64) (*PublicDraw, error) {
	st := drawStore{s.DB}
	d, err := st.get(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &PublicDraw{Draw: d, ResultNames: []string{}, Verified: Verify(d) == nil}
	if d.ProjectID != 0 {
		if out.ProjectName, err = st.projectName(ctx, d.ProjectID); err != nil {
			return nil, err
		}
	}
	names, err := st.resultNames(ctx, d)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		out.ResultNames = append(out.ResultNames, privacy.Mask(name))
	}
	excluded := &Draw{Result: make([]int64, len(d.Excluded))}
	for i, x := range d.Excluded {
		excluded.Result[i] = x.InstitutionID
	}
	if names, err = st.resultNames(ctx, excluded); err != nil {
		return nil, err
	}
	out.ExcludedNames = make([]string, len(names))
	for i, name := range names {
		out.ExcludedNames[i] = privacy.Mask(name)
	}
	out.ProjectName = privacy.Mask(out.ProjectName)
	// A seed or a tie typed before the guard may carry personal data; the
	// public reads it masked (Verified was computed from the real seed).
	d.Seed = privacy.Mask(d.Seed)
	for i := range d.Excluded {
		d.Excluded[i].Organisation = privacy.Mask(d.Excluded[i].Organisation)
	}
	return out, nil
}

// ResultNames names a draw's result in its order (institutions, or the
// projects of a spot check), for the pages of those who may see the draw.
func ResultNames(ctx context.Context, q db.Queryer, d *Draw) ([]string, error) {
	return drawStore{q}.resultNames(ctx, d)
}
