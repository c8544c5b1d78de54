package project

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// Relation is a declared tie between an institution and an organisation.
type Relation struct {
	ID            int64     `json:"id"`
	InstitutionID int64     `json:"institution_id"`
	Organisation  string    `json:"organisation"`
	Relation      string    `json:"relation"`
	DeclaredRole  string    `json:"declared_role"`
	CreatedAt     time.Time `json:"created_at"`
	// EndedAt is set once the relation has been ended: it stays on record
	// but no longer excludes the institution.
	EndedAt   *time.Time `json:"ended_at"`
	EndedRole string     `json:"ended_role,omitempty"`
}

// RelationInput is the body of POST /api/v1/institutions/{id}/relations.
type RelationInput struct {
	Organisation string `json:"organisation"`
	Relation     string `json:"relation"`
}

// relationAccess lets an institution's own users declare, list and end their
// ties, and officials who run projects do so for institutions in their
// region. Anyone else gets NotFound, as for a missing institution.
func relationAccess(ctx context.Context, q db.Queryer, a *auth.Actor, institutionID int64) (string, error) {
	if a == nil {
		return "", apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	var regionCode string
	err := q.QueryRow(ctx, "SELECT region_code FROM institutions WHERE id = ?", institutionID).Scan(&regionCode)
	if db.IsNoRows(err) {
		return "", apperr.NotFoundf("institution")
	}
	if err != nil {
		return "", fmt.Errorf("project: institution: %w", err)
	}
	switch {
	case a.InstitutionID != 0 && a.InstitutionID == institutionID && a.Can("project.team_work"):
	case a.Can("project.manage") && a.Scope().Contains(regionCode):
	default:
		return "", apperr.NotFoundf("institution")
	}
	return regionCode, nil
}

// DeclareRelation records that the institution is tied to an organisation;
// declaring an organisation it is still tied to is a conflict.
func (s *Service) DeclareRelation(ctx context.Context, a *auth.Actor, institutionID int64, in RelationInput) (*Relation, error) {
	var f apperr.Fields
	in.Organisation = textField(&f, "organisation", in.Organisation, true, 200)
	in.Relation = textField(&f, "relation", in.Relation, false, 500)
	if err := f.Err(); err != nil {
		return nil, err
	}
	r := &Relation{InstitutionID: institutionID, Organisation: in.Organisation, Relation: in.Relation, DeclaredRole: string(a.Role), CreatedAt: s.now()}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		regionCode, err := relationAccess(ctx, tx, a, institutionID)
		if err != nil {
			return err
		}
		r.ID, err = tx.Insert(ctx, `INSERT INTO institution_relations (institution_id, organisation, organisation_norm, relation, declared_by, declared_role, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, institutionID, r.Organisation, normName(r.Organisation), r.Relation, a.UserID, r.DeclaredRole, r.CreatedAt)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), r.CreatedAt, "institution.relation_declared", "institution", institutionID, regionCode, nil, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Relations lists an institution's declared ties, the ended ones too.
func (s *Service) Relations(ctx context.Context, a *auth.Actor, institutionID int64) ([]Relation, error) {
	if _, err := relationAccess(ctx, s.DB, a, institutionID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Query(ctx, `SELECT `+relationColumns+` FROM institution_relations
		WHERE institution_id = ? ORDER BY id`, institutionID)
	if err != nil {
		return nil, fmt.Errorf("project: relations: %w", err)
	}
	defer rows.Close()
	out := []Relation{}
	for rows.Next() {
		var r Relation
		if err := rows.Scan(r.fields()...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const relationColumns = "id, institution_id, organisation, relation, declared_role, created_at, ended_at, ended_role"

func (r *Relation) fields() []any {
	return []any{&r.ID, &r.InstitutionID, &r.Organisation, &r.Relation, &r.DeclaredRole, &r.CreatedAt, &r.EndedAt, &r.EndedRole}
}

// EndRelation ends a declared relation: the record stays, with who ended it
// and when, but the institution is no longer left out of selections and teams
// for it. Whoever may declare a relation for the institution may end it;
// anyone else gets NotFound, as for declaring and listing. Ending an ended
// relation is a conflict (one conditional update, so of two people ending it
// at once one wins).
func (s *Service) EndRelation(ctx context.Context, a *auth.Actor, institutionID, relationID int64) (*Relation, error) {
	var out *Relation
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		regionCode, err := relationAccess(ctx, tx, a, institutionID)
		if err != nil {
			return err
		}
		var before Relation
		err = tx.QueryRow(ctx, `SELECT `+relationColumns+` FROM institution_relations WHERE id = ? AND institution_id = ?`,
			relationID, institutionID).Scan(before.fields()...)
		if db.IsNoRows(err) {
			return apperr.NotFoundf("relation")
		}
		if err != nil {
			return fmt.Errorf("project: relation: %w", err)
		}
		if before.EndedAt != nil {
			return apperr.ErrStale
		}
		now := s.now()
		if err := tx.Update(ctx, `UPDATE institution_relations SET ended_at = ?, ended_by = ?, ended_role = ?
			WHERE id = ? AND ended_at IS NULL`, now, a.UserID, string(a.Role), relationID); err != nil {
			return err
		}
		after := before
		after.EndedAt, after.EndedRole = &now, string(a.Role)
		out = &after
		return audit.Record(ctx, tx, a.Who(), now, "institution.relation_ended", "institution", institutionID, regionCode, before, after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Exclusion is an institution left out of a selection, with the reason.
type Exclusion struct {
	InstitutionID int64  `json:"institution_id"`
	Reason        string `json:"reason"` // tied_client or tied_evaluated_unit
	Organisation  string `json:"organisation"`
}

// ties returns the institutions tied to the project's client or evaluated
// unit, by institution id: one query by the normalised names, whatever the
// pool size.
func ties(ctx context.Context, q db.Queryer, p *Project) (map[int64]Exclusion, error) {
	client, unit := normName(p.Client), normName(p.EvaluatedUnit)
	rows, err := q.Query(ctx, `SELECT institution_id, organisation, organisation_norm FROM institution_relations WHERE organisation_norm IN (?, ?)
		AND ended_at IS NULL ORDER BY institution_id, id`, client, unit)
	if err != nil {
		return nil, fmt.Errorf("project: ties: %w", err)
	}
	defer rows.Close()
	out := map[int64]Exclusion{}
	for rows.Next() {
		var id int64
		var org, norm string
		if err := rows.Scan(&id, &org, &norm); err != nil {
			return nil, err
		}
		if _, ok := out[id]; ok {
			continue
		}
		reason := "tied_client"
		if norm != client {
			reason = "tied_evaluated_unit"
		}
		out[id] = Exclusion{InstitutionID: id, Reason: reason, Organisation: org}
	}
	return out, rows.Err()
}
