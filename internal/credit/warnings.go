package credit

import (
	"context"
	"evalcred/internal/textnorm"
	"fmt"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/policy"
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

// bannedSQL selects institutions banned now, or ever banned for a serious
// credit record that took effect (even one since repaired or expired).
func bannedSQL(alias string, day calendar.Date) (string, []any) {
	c, args := inForceSQL("bs", day)
	return `(EXISTS (SELECT 1 FROM sanctions bs WHERE bs.institution_id = ` + alias + `.id AND bs.type = 'ban' AND ` + c + `)
		OR EXISTS (SELECT 1 FROM sanctions bs2 JOIN credit_records br ON br.id = bs2.record_id WHERE bs2.institution_id = ` + alias + `.id
			AND bs2.type = 'ban' AND br.severity = 'serious' AND br.state IN ('proposed', 'effective', 'repaired') AND br.effective_on <= ?))`, append(args, day)
}

// Warnings lists what a reviewer should see before approving a registration
// or filing: people (by ID number) who were legal representative or lead
// evaluator of a banned institution, and a name, address or phone that equals
// or closely resembles a banned institution's (bigram similarity of at least
// credit.rereg_similarity_percent). It reads only; call it inside the
// reviewer's transaction or with the database.
func (s *Service) Warnings(ctx context.Context, q db.Queryer, in WarningInput) ([]Warning, error) {
	today := s.today()
	out := []Warning{}
	bc, bargs := bannedSQL("i", today)
	for i, p := range in.People {
		id := ident.NormalizeResidentID(p.IDNumber)
		if id == "" {
			continue
		}
		field := p.Field
		if field == "" {
			field = fmt.Sprintf("people[%d].id_number", i)
		}
		args := append([]any{id, in.InstitutionID}, strs(WarningRoles)...)
		rows, err := q.Query(ctx, `SELECT DISTINCT i.id, i.name, i.uscc, pr.role FROM persons p JOIN person_roles pr ON pr.person_id = p.id
			JOIN institutions i ON i.id = pr.institution_id WHERE p.id_number = ? AND i.id <> ? AND pr.role IN (`+db.In(len(WarningRoles))+`) AND `+bc+`
			ORDER BY i.id`, append(args, bargs...)...)
		if err != nil {
			return nil, fmt.Errorf("credit: warnings: %w", err)
		}
		for rows.Next() {
			w := Warning{Field: field, Code: "person", Key: "credit.warning.person", PersonIDNumber: ident.MaskResidentID(id)}
			if err := rows.Scan(&w.BannedID, &w.BannedName, &w.BannedUSCC, &w.PersonRole); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, w)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if in.Name == "" && in.Address == "" && in.Phone == "" {
		return out, nil
	}
	// The policy of the applicant's province; without an institution yet, the default.
	regionCode := "000000"
	if err := q.QueryRow(ctx, "SELECT region_code FROM institutions WHERE id = ?", in.InstitutionID).Scan(&regionCode); err != nil && !db.IsNoRows(err) {
		return nil, err
	}
	threshold, err := policy.Int(ctx, q, regionCode, "credit.rereg_similarity_percent", today)
	if err != nil {
		return nil, err
	}
	// Banned institutions are few: compare with each of them in Go.
	rows, err := q.Query(ctx, `SELECT i.id, i.name, i.uscc, i.name_norm, i.address, i.contact_phone FROM institutions i WHERE i.id <> ? AND `+bc+` ORDER BY i.id`,
		append([]any{in.InstitutionID}, bargs...)...)
	if err != nil {
		return nil, fmt.Errorf("credit: warnings: %w", err)
	}
	defer rows.Close()
	name, addr, phone := textnorm.Name(in.Name), textnorm.Name(in.Address), NormalizePhone(in.Phone)
	for rows.Next() {
		var b Warning
		var bNorm, bAddr, bPhone string
		if err := rows.Scan(&b.BannedID, &b.BannedName, &b.BannedUSCC, &bNorm, &bAddr, &bPhone); err != nil {
			return nil, err
		}
		add := func(field string, sim int) {
			w := b
			w.Field, w.Code, w.Key, w.Similarity = field, field, "credit.warning."+field, sim
			out = append(out, w)
		}
		if name != "" {
			if sim := Similarity(name, textnorm.Name(b.BannedName)); sim >= threshold {
				add("name", sim)
			}
		}
		if addr != "" {
			if sim := Similarity(addr, textnorm.Name(bAddr)); sim >= threshold {
				add("address", sim)
			}
		}
		if phone != "" && phone == NormalizePhone(bPhone) {
			add("phone", 100)
		}
	}
	return out, rows.Err()
}
