package credit

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/policy"
	"evalcred/internal/textnorm"
)

// WarningRoles are the person_roles.role values whose holders carry a banned
// institution's history with them (the registry writes these names).
var WarningRoles = []string{"legal_representative", "lead_evaluator"}

// PersonRef is a person named in a registration or filing.
type PersonRef struct {
	IDNumber string `json:"id_number"`
	Role     string `json:"role"`
	Field    string `json:"field,omitempty"` // where the filing names them, e.g. "lead_evaluators[0].id_number"
}

// WarningInput is what a reviewer is about to decide on.
type WarningInput struct {
	InstitutionID int64       `json:"institution_id"`
	People        []PersonRef `json:"people"`
	Name          string      `json:"name"`
	Address       string      `json:"address"`
	Phone         string      `json:"phone"`
}

// Warning is a reason to suspect a banned institution re-registering.
type Warning struct {
	Field          string `json:"field"` // people[i] field, "name", "address" or "phone"
	Code           string `json:"code"`  // person, name, address, phone
	Key            string `json:"key"`
	BannedID       int64  `json:"banned_institution_id"`
	BannedName     string `json:"banned_institution_name"`
	BannedUSCC     string `json:"banned_institution_uscc"`
	PersonIDNumber string `json:"person_id_number,omitempty"` // masked
	PersonRole     string `json:"person_role,omitempty"`      // the role they held at the banned institution
	Similarity     int    `json:"similarity,omitempty"`       // percent, for near matches
}

// Warnings lists what a reviewer should see before approving a registration
// or filing: people (by ID number) who were legal representative or lead
// evaluator of a banned institution, and a name, address or phone that equals
// or closely resembles a banned institution's (bigram similarity of at least
// credit.rereg_similarity_percent). It reads only; call it inside the
// reviewer's transaction or with the database.
func (s *Service) Warnings(ctx context.Context, q db.Queryer, in WarningInput) ([]Warning, error) {
	today := calendar.Current(s.Clock)
	out := []Warning{}
	sanctions := sanctionStore{q}
	for i, p := range in.People {
		id := ident.NormalizeResidentID(p.IDNumber)
		if id == "" {
			continue
		}
		field := p.Field
		if field == "" {
			field = fmt.Sprintf("people[%d].id_number", i)
		}
		ws, err := sanctions.bannedWithPerson(ctx, id, in.InstitutionID, today)
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			w.Field, w.Code, w.Key, w.PersonIDNumber = field, "person", "credit.warning.person", ident.MaskResidentID(id)
			out = append(out, w)
		}
	}
	if in.Name == "" && in.Address == "" && in.Phone == "" {
		return out, nil
	}
	// The policy of the applicant's province; without an institution yet, the default.
	regionCode, err := institutionStore{q}.region(ctx, in.InstitutionID)
	if apperr.Is(err, apperr.NotFound) {
		regionCode = "000000"
	} else if err != nil {
		return nil, err
	}
	threshold, err := policy.Int(ctx, q, regionCode, "credit.rereg_similarity_percent", today)
	if err != nil {
		return nil, err
	}
	// Banned institutions are few: compare with each of them in Go.
	banned, err := sanctions.banned(ctx, in.InstitutionID, today)
	if err != nil {
		return nil, err
	}
	name, addr, phone := textnorm.Name(in.Name), textnorm.Name(in.Address), NormalizePhone(in.Phone)
	for _, b := range banned {
		add := func(field string, sim int) {
			out = append(out, Warning{Field: field, Code: field, Key: "credit.warning." + field, Similarity: sim,
				BannedID: b.id, BannedName: b.name, BannedUSCC: b.uscc})
		}
		if name != "" {
			if sim := Similarity(name, textnorm.Name(b.name)); sim >= threshold {
				add("name", sim)
			}
		}
		if addr != "" {
			if sim := Similarity(addr, textnorm.Name(b.addr)); sim >= threshold {
				add("address", sim)
			}
		}
		if phone != "" && phone == NormalizePhone(b.phone) {
			add("phone", 100)
		}
	}
	return out, nil
}
