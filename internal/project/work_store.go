package project

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/indicator"
)

// workStore holds every query of a project's work: its documents, its
// indicator system and its guidance visits, on the *db.DB or, inside a
// transaction, the *db.Tx.
type workStore struct{ q db.Queryer }

// addFile stores an uploaded document's record and returns its id.
func (s workStore) addFile(ctx context.Context, f *File, a *auth.Actor) (int64, error) {
	id, err := s.q.Insert(ctx, `INSERT INTO project_files (project_id, kind, round, filename, content_type, size, sha256, storage_key, institution_id, uploaded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ProjectID, f.Kind, f.Round, f.Filename, f.ContentType, f.Size, f.SHA256, f.key, a.InstitutionID, a.UserID, f.CreatedAt)
	if err != nil {
		return 0, fmt.Errorf("project: file: %w", err)
	}
	return id, nil
}

// files are a project's documents, oldest first.
func (s workStore) files(ctx context.Context, projectID int64) ([]File, error) {
	return db.List(ctx, s.q, "project: files", func(row db.Scanner) (File, error) {
		var f File
		err := row.Scan(&f.ID, &f.ProjectID, &f.Kind, &f.Round, &f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.key, &f.CreatedAt)
		return f, err
	}, `SELECT id, project_id, kind, round, filename, content_type, size, sha256, storage_key, created_at FROM project_files
		WHERE project_id = ? ORDER BY id`, projectID)
}

// addIndicators stores a new project's indicator system.
func (s workStore) addIndicators(ctx context.Context, projectID int64, source string, t indicator.Tree, by int64, now time.Time) error {
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = s.q.Exec(ctx, `INSERT INTO project_indicators (project_id, source, tree_json, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)`,
		projectID, source, string(b), by, now)
	if err != nil {
		return fmt.Errorf("project: indicators: %w", err)
	}
	return nil
}

// indicators reads a project's indicator system.
func (s workStore) indicators(ctx context.Context, projectID int64) (*Indicators, error) {
	in := &Indicators{ProjectID: projectID}
	var tree string
	err := s.q.QueryRow(ctx, "SELECT source, tree_json, lock_version, updated_at FROM project_indicators WHERE project_id = ?", projectID).Scan(
		&in.Source, &tree, &in.LockVersion, &in.UpdatedAt)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("indicators")
	}
	if err != nil {
		return nil, fmt.Errorf("project: indicators: %w", err)
	}
	if err := json.Unmarshal([]byte(tree), &in.Indicators); err != nil {
		return nil, fmt.Errorf("project: indicators: %w", err)
	}
	return in, nil
}

// setIndicators replaces the tree of the version the caller read;
// ErrStale when it changed meanwhile.
func (s workStore) setIndicators(ctx context.Context, projectID int64, t indicator.Tree, source string, version int, by int64, now time.Time) error {
	b, _ := json.Marshal(t)
	return s.q.Update(ctx, `UPDATE project_indicators SET tree_json = ?, source = ?, lock_version = lock_version + 1, updated_by = ?, updated_at = ?
			WHERE project_id = ? AND lock_version = ?`, string(b), source, by, now, projectID, version)
}

// addVisit stores a guidance visit and returns its id.
func (s workStore) addVisit(ctx context.Context, projectID int64, v *Visit, by int64, now time.Time) (int64, error) {
	return s.q.Insert(ctx, "INSERT INTO guidance_visits (project_id, visited_on, note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?)",
		projectID, v.VisitedOn, v.Note, by, now)
}

// visits are a project's guidance visits by date.
func (s workStore) visits(ctx context.Context, projectID int64) ([]Visit, error) {
	return db.List(ctx, s.q, "project: visits", func(row db.Scanner) (Visit, error) {
		var v Visit
		err := row.Scan(&v.ID, &v.VisitedOn, &v.Note, &v.By)
		return v, err
	}, `SELECT v.id, v.visited_on, v.note, COALESCE(u.username, '') FROM guidance_visits v LEFT JOIN users u ON u.id = v.recorded_by
		WHERE v.project_id = ? ORDER BY v.visited_on, v.id`, projectID)
}
