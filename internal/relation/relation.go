// Package relation keeps the ties institutions declare with other
// organisations (a client, a unit they audited, an owner): a project's
// selection and its team leave out the institutions tied to the project's
// client or evaluated unit. An ended tie stays on record but no longer
// excludes anyone. Every query is in store.go.
package relation

import (
	"context"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/privacy"
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

// Input is the body of POST /api/v1/institutions/{id}/relations.
type Input struct {
	Organisation string `json:"organisation"`
	Relation     string `json:"relation"`
}

// Service keeps institutions' relations.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
}

// tooLong is the message of a text longer than its field allows.
const tooLong = "project.field.too_long"

// access lets an institution's own users declare, list and end their ties,
// and officials who run projects do so for institutions in their region.
// Anyone else gets NotFound, as for a missing institution. It returns the
// institution's region.
func access(ctx context.Context, q db.Queryer, a *auth.Actor, institutionID int64) (string, error) {
	if a == nil {
		return "", apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	regionCode, err := relationStore{q}.institutionRegion(ctx, institutionID)
	if err != nil {
		return "", err
	}
	switch {
	case a.ActsFor(institutionID) && a.Can("project.team_work"):
	case a.Can("project.manage") && a.Scope().Contains(regionCode):
	default:
		return "", apperr.NotFoundf("institution")
	}
	return regionCode, nil
}

// DeclareRelation records that the institution is tied to an organisation;
// declaring an organisation it is still tied to is a conflict.
func (s *Service) DeclareRelation(ctx context.Context, a *auth.Actor, institutionID int64, in Input) (*Relation, error) {
	var f apperr.Fields
	in.Organisation = f.Text("organisation", in.Organisation, true, 200, tooLong)
	privacy.Check(&f, "organisation", in.Organisation) // a public draw names it when it excludes the institution
	in.Relation = f.Text("relation", in.Relation, false, 500, tooLong)
	if err := f.Err(); err != nil {
		return nil, err
	}
	r := &Relation{InstitutionID: institutionID, Organisation: in.Organisation, Relation: in.Relation, DeclaredRole: string(a.Role),
		CreatedAt: clock.Stamp(s.Clock)}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		regionCode, err := access(ctx, tx, a, institutionID)
		if err != nil {
			return err
		}
		if r.ID, err = (relationStore{tx}).insert(ctx, r, a.UserID); err != nil {
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
	if _, err := access(ctx, s.DB, a, institutionID); err != nil {
		return nil, err
	}
	return relationStore{s.DB}.list(ctx, institutionID)
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
		regionCode, err := access(ctx, tx, a, institutionID)
		if err != nil {
			return err
		}
		st := relationStore{tx}
		before, err := st.get(ctx, relationID, institutionID)
		if err != nil {
			return err
		}
		if before.EndedAt != nil {
			return apperr.ErrStale
		}
		now := clock.Stamp(s.Clock)
		if err := st.end(ctx, relationID, a.UserID, string(a.Role), now); err != nil {
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

// Ties returns the institutions tied (by a relation not ended) to a
// project's client or evaluated unit, by institution id: one query by the
// normalised names, whatever the pool size. Selection and teams call it
// inside their transactions.
func Ties(ctx context.Context, q db.Queryer, client, evaluatedUnit string) (map[int64]Exclusion, error) {
	return relationStore{q}.ties(ctx, client, evaluatedUnit)
}
