package indicator

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
)

// templateStore holds every query of the template library, on the *db.DB
// or, inside a transaction, the *db.Tx.
type templateStore struct{ q db.Queryer }

const templateCols = "id, name, tree_json, retired_at"

// scanTemplate reads a row of templateCols.
func scanTemplate(row db.Scanner) (Entry, error) {
	var t Entry
	var tree string
	if err := row.Scan(&t.ID, &t.Name, &tree, &t.RetiredAt); err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(tree)), &t.Indicators); err != nil {
		return t, fmt.Errorf("indicator: template %d: %w", t.ID, err)
	}
	return t, nil
}

// list returns a province's library in the order added.
func (s templateStore) list(ctx context.Context, province string) ([]Entry, error) {
	return db.List(ctx, s.q, "indicator: templates", scanTemplate,
		"SELECT "+templateCols+" FROM indicator_templates WHERE province_code = ? ORDER BY id", province)
}

// get returns a template of the province's library, retired or not;
// NotFound when the province has no such template (the built-in one has
// none).
func (s templateStore) get(ctx context.Context, province string, id int64) (*Entry, error) {
	t, err := scanTemplate(s.q.QueryRow(ctx, "SELECT "+templateCols+" FROM indicator_templates WHERE id = ? AND province_code = ?", id, province))
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("template")
	}
	if err != nil {
		return nil, fmt.Errorf("indicator: template: %w", err)
	}
	return &t, nil
}

// insert stores a checked input in the province's library and returns it
// with its id.
func (s templateStore) insert(ctx context.Context, province string, in TemplateInput, by int64, now time.Time) (*Template, error) {
	t := &Template{Name: in.Name, Indicators: in.Indicators}
	b, _ := json.Marshal(in.Indicators)
	var err error
	t.ID, err = s.q.Insert(ctx, "INSERT INTO indicator_templates (province_code, name, tree_json, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
		province, in.Name, string(b), by, now)
	return t, err
}

// retire retires template id of the province and returns it: NotFound when
// the province has no such template, ErrStale when it is retired already
// or was retired meanwhile.
func (s templateStore) retire(ctx context.Context, province string, id, by int64, now time.Time) (*Entry, error) {
	t, err := s.get(ctx, province, id)
	if err != nil {
		return nil, err
	}
	if t.RetiredAt != nil {
		return nil, apperr.ErrStale
	}
	if err := s.q.Update(ctx, "UPDATE indicator_templates SET retired_at = ?, retired_by = ? WHERE id = ? AND retired_at IS NULL", now, by, id); err != nil {
		return nil, err
	}
	t.RetiredAt = &now
	return t, nil
}
