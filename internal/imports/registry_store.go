package imports

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/registry"
	"evalcred/internal/textnorm"
)

// registryStore holds what an import reads and writes of the registry's
// tables: institutions, persons and their roles. The registry has no
// exported constructor for an approved institution, so the rows follow its
// tables (migration 0002) as its own insert does.
type registryStore struct{ q db.Queryer }

// takenUSCCs returns which of usccs already belong to an institution.
func (s registryStore) takenUSCCs(ctx context.Context, usccs []string) ([]string, error) {
	var out []string
	err := eachChunk(usccs, func(chunk []any) error {
		found, err := db.Strings(ctx, s.q, "imports: lookup", "SELECT uscc FROM institutions WHERE uscc IN ("+db.In(len(chunk))+")", chunk...)
		out = append(out, found...)
		return err
	})
	return out, err
}

// institutionRef is an institution an import's rows name by its USCC.
type institutionRef struct {
	uscc, region string
	id           int64
}

// institutionsByUSCC returns the institutions of usccs that exist.
func (s registryStore) institutionsByUSCC(ctx context.Context, usccs []string) ([]institutionRef, error) {
	var out []institutionRef
	err := eachChunk(usccs, func(chunk []any) error {
		found, err := db.List(ctx, s.q, "imports: institutions", func(sc db.Scanner) (institutionRef, error) {
			var r institutionRef
			err := sc.Scan(&r.uscc, &r.id, &r.region)
			return r, err
		}, "SELECT uscc, id, region_code FROM institutions WHERE uscc IN ("+db.In(len(chunk))+")", chunk...)
		out = append(out, found...)
		return err
	})
	return out, err
}

// personNames returns the name of each of idNumbers the platform knows.
func (s registryStore) personNames(ctx context.Context, idNumbers []string) (map[string]string, error) {
	names := map[string]string{}
	err := eachChunk(idNumbers, func(chunk []any) error {
		found, err := db.List(ctx, s.q, "imports: persons", func(sc db.Scanner) ([2]string, error) {
			var p [2]string
			err := sc.Scan(&p[0], &p[1])
			return p, err
		}, "SELECT id_number, name FROM persons WHERE id_number IN ("+db.In(len(chunk))+")", chunk...)
		for _, p := range found {
			names[p[0]] = p[1]
		}
		return err
	})
	return names, err
}

// insertInstitution creates an active institution and returns its id.
func (s registryStore) insertInstitution(ctx context.Context, in institution, now time.Time) (int64, error) {
	var est any
	if !in.established.IsZero() {
		est = in.established
	}
	var id int64
	err := s.q.QueryRow(ctx, `INSERT INTO institutions (uscc, name, name_norm, type, region_code, established_on, address, legal_rep_name,
			contact_name, contact_phone, contact_email, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		in.uscc, in.name, textnorm.Name(in.name), in.typ, in.region, est, in.address, in.legalRep,
		in.contact, in.phone, in.email, registry.StatusActive, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("imports: insert institution %s: %w", in.uscc, err)
	}
	return id, nil
}

// person returns the id of the person with p's ID number, recording the
// person first when the platform does not know them yet.
func (s registryStore) person(ctx context.Context, p person, now time.Time) (int64, error) {
	var pid int64
	err := s.q.QueryRow(ctx, "SELECT id FROM persons WHERE id_number = ?", p.idNumber).Scan(&pid)
	if db.IsNoRows(err) {
		err = s.q.QueryRow(ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, ?, ?) RETURNING id", p.idNumber, p.name, now).Scan(&pid)
	}
	if err != nil {
		return 0, fmt.Errorf("imports: person: %w", err)
	}
	return pid, nil
}

// insertRole records person pid's role at p's institution, with filing
// version 0: the institution's next approved filing supersedes it.
func (s registryStore) insertRole(ctx context.Context, pid int64, p person) error {
	var started any
	if !p.started.IsZero() {
		started = p.started
	}
	if _, err := s.q.Exec(ctx, `INSERT INTO person_roles (person_id, institution_id, role, filing_version, active, started_on) VALUES (?, ?, ?, 0, TRUE, ?)`,
		pid, p.institutionID, p.role, started); err != nil {
		return fmt.Errorf("imports: person role: %w", err)
	}
	return nil
}

// eachChunk calls fn with the values in chunks small enough for any
// engine's limit on parameters.
func eachChunk(vals []string, fn func([]any) error) error {
	for start := 0; start < len(vals); start += 500 {
		chunk := make([]any, 0, 500)
		for _, v := range vals[start:min(start+500, len(vals))] {
			chunk = append(chunk, v)
		}
		if err := fn(chunk); err != nil {
			return err
		}
	}
	return nil
}
