package relation

import (
	"context"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/textnorm"
)

// relationStore holds every query of institutions' relations, on the
// *db.DB or, inside a transaction, the *db.Tx.
type relationStore struct{ q db.Queryer }

// institutionRegion is the region of an institution; NotFound without one.
func (s relationStore) institutionRegion(ctx context.Context, institutionID int64) (string, error) {
	var regionCode string
	err := s.q.QueryRow(ctx, "SELECT region_code FROM institutions WHERE id = ?", institutionID).Scan(&regionCode)
	return db.Found(regionCode, err, "institution", "relation: institution")
}

// insert stores a declared relation; a second active one for the same
// organisation is a conflict (a unique index).
func (s relationStore) insert(ctx context.Context, r *Relation, by int64) (int64, error) {
	return s.q.Insert(ctx, `INSERT INTO institution_relations (institution_id, organisation, organisation_norm, relation, declared_by, declared_role, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.InstitutionID, r.Organisation, textnorm.Name(r.Organisation), r.Relation, by, r.DeclaredRole, r.CreatedAt)
}

const relationColumns = "id, institution_id, organisation, relation, declared_role, created_at, ended_at, ended_role"

func scanRelation(row db.Scanner) (Relation, error) {
	var r Relation
	err := row.Scan(&r.ID, &r.InstitutionID, &r.Organisation, &r.Relation, &r.DeclaredRole, &r.CreatedAt, &r.EndedAt, &r.EndedRole)
	return r, err
}

// list returns an institution's relations in the order declared.
func (s relationStore) list(ctx context.Context, institutionID int64) ([]Relation, error) {
	return db.List(ctx, s.q, "relation: relations", scanRelation, `SELECT `+relationColumns+` FROM institution_relations
		WHERE institution_id = ? ORDER BY id`, institutionID)
}

// get returns a relation of the institution; NotFound when it has none by
// that id.
func (s relationStore) get(ctx context.Context, id, institutionID int64) (Relation, error) {
	r, err := scanRelation(s.q.QueryRow(ctx, `SELECT `+relationColumns+` FROM institution_relations WHERE id = ? AND institution_id = ?`,
		id, institutionID))
	return db.Found(r, err, "relation", "relation: relation")
}

// end ends a relation not ended yet; ErrStale when it was ended meanwhile.
func (s relationStore) end(ctx context.Context, id, by int64, role string, at time.Time) error {
	return s.q.Update(ctx, `UPDATE institution_relations SET ended_at = ?, ended_by = ?, ended_role = ?
			WHERE id = ? AND ended_at IS NULL`, at, by, role, id)
}

// ties reads the active relations with the client or the evaluated unit by
// their normalised names; an institution tied to both is left out for the
// first of its relations.
func (s relationStore) ties(ctx context.Context, client, evaluatedUnit string) (map[int64]Exclusion, error) {
	clientNorm, unitNorm := textnorm.Name(client), textnorm.Name(evaluatedUnit)
	type tie struct {
		id        int64
		org, norm string
	}
	rows, err := db.List(ctx, s.q, "relation: ties", func(row db.Scanner) (tie, error) {
		var t tie
		err := row.Scan(&t.id, &t.org, &t.norm)
		return t, err
	}, `SELECT institution_id, organisation, organisation_norm FROM institution_relations WHERE organisation_norm IN (?, ?)
		AND ended_at IS NULL ORDER BY institution_id, id`, clientNorm, unitNorm)
	if err != nil {
		return nil, err
	}
	out := map[int64]Exclusion{}
	for _, t := range rows {
		if _, ok := out[t.id]; ok {
			continue
		}
		reason := "tied_client"
		if t.norm != clientNorm {
			reason = "tied_evaluated_unit"
		}
		out[t.id] = Exclusion{InstitutionID: t.id, Reason: reason, Organisation: t.org}
	}
	return out, nil
}
