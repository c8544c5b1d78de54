package indicator

import (
	"context"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// Entry is a template of a province's library with, once retired, when: a
// retired template is no longer offered for projects, which keep their
// copies.
type Entry struct {
	Template
	RetiredAt *time.Time `json:"retired_at"`
}

// TemplateInput is the body of POST /api/v1/indicator-templates.
type TemplateInput struct {
	Name       string `json:"name"`
	Indicators Tree   `json:"indicators"`
}

// check validates the input (a name, a tree whose weights add up) and trims
// the name.
func (in *TemplateInput) check() error {
	var f apperr.Fields
	in.Name = f.Text("name", in.Name, true, 200, "project.field.too_long")
	if err := f.Err(); err != nil {
		return err
	}
	return in.Indicators.Validate()
}

// Service keeps the template library of each province.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
}

// Templates lists the template library of the actor's province: the
// built-in default (id 0) first, retired templates too (marked).
func (s *Service) Templates(ctx context.Context, a *auth.Actor) ([]Entry, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	list, err := templateStore{s.DB}.list(ctx, policy.ProvinceOf(a.RegionCode))
	if err != nil {
		return nil, err
	}
	return append([]Entry{{Template: Default()}}, list...), nil
}

// AddTemplate stores a template in the province's library (project.manage).
func (s *Service) AddTemplate(ctx context.Context, a *auth.Actor, in TemplateInput) (*Template, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var t *Template
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		now := clock.Stamp(s.Clock)
		province := policy.ProvinceOf(a.RegionCode)
		if t, err = (templateStore{tx}).insert(ctx, province, in, a.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "indicator_template.created", "indicator_template", t.ID, province, nil, map[string]string{"name": in.Name})
	})
	return t, err
}

// ReviseTemplate edits a template of the actor's province (project.manage):
// the revision is stored as a new template and the one it revises is
// retired in the same transaction, so that the projects that copied the old
// tree keep it and the library offers only the new one. A template of
// another province, or the built-in one, is NotFound; one retired
// meanwhile (revised or retired by someone else) is a conflict: of two
// people revising one template at once, exactly one wins. An invalid name
// or tree changes nothing.
func (s *Service) ReviseTemplate(ctx context.Context, a *auth.Actor, id int64, in TemplateInput) (*Template, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	province := policy.ProvinceOf(a.RegionCode)
	var t *Template
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		now := clock.Stamp(s.Clock)
		st := templateStore{tx}
		old, err := st.retire(ctx, province, id, a.UserID, now)
		if err != nil {
			return err
		}
		if t, err = st.insert(ctx, province, in, a.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "indicator_template.revised", "indicator_template", t.ID, province,
			map[string]any{"template_id": id, "name": old.Name}, map[string]any{"template_id": t.ID, "name": in.Name})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// RetireTemplate retires a template of the actor's province (project.manage,
// as for adding one): it is no longer offered for projects' indicators, and
// the projects that copied it keep their copies. A template of another
// province, or the built-in one, is NotFound; retiring twice is a conflict.
func (s *Service) RetireTemplate(ctx context.Context, a *auth.Actor, id int64) (*Entry, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	province := policy.ProvinceOf(a.RegionCode)
	var t *Entry
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		now := clock.Stamp(s.Clock)
		if t, err = (templateStore{tx}).retire(ctx, province, id, a.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "indicator_template.retired", "indicator_template", id, province, nil, map[string]string{"name": t.Name})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Offered returns the template a project of regionCode may copy: the
// built-in one (id 0) or one of its province's library not retired; any
// other id is refused as the input's template_id.
func Offered(ctx context.Context, q db.Queryer, regionCode string, id int64) (*Template, error) {
	if id == 0 {
		t := Default()
		return &t, nil
	}
	t, err := templateStore{q}.get(ctx, policy.ProvinceOf(regionCode), id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.InvalidField("template_id", "project.field.template")
	}
	if err != nil {
		return nil, err
	}
	if t.RetiredAt != nil {
		return nil, apperr.InvalidField("template_id", "project.field.template_retired")
	}
	return &t.Template, nil
}
