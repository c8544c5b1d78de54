package imports

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/registry"
)

// personRoles maps the labels people write in the role column to the
// person_roles.role values the filing uses.
var personRoles = map[string]string{
	"legal_representative": "legal_representative", "法定代表人": "legal_representative", "legalrepresentative": "legal_representative",
	"lead_evaluator": "lead_evaluator", "主评人": "lead_evaluator", "leadevaluator": "lead_evaluator",
	"practitioner": "practitioner", "从业人员": "practitioner", "其他从业人员": "practitioner",
	"expert": "expert", "合作专家": "expert", "专家": "expert",
}

// person is one validated row of a people file.
type person struct {
	idNumber, name, role, uscc string
	started                    calendar.Date
	institutionID              int64
	region                     string
}

type personBatch struct {
	a    *auth.Actor
	rows []row
	now  time.Time
	ok   []person
}

func (b *personBatch) validate(ctx context.Context, q db.Queryer, progress func(int)) ([]RowError, error) {
	var errs []RowError
	bad := func(r row, field, key string) { errs = append(errs, RowError{Row: r.n, Field: field, Key: key}) }
	seen := map[string]bool{}
	usccRows := map[string][]int{}
	today := calendar.DateOf(b.now)
	for i, r := range b.rows {
		p := person{idNumber: ident.NormalizeResidentID(r.get("id_number")), name: r.get("name"), uscc: ident.NormalizeUSCC(r.get("institution_uscc"))}
		nerr := len(errs)
		if k := registry.ResidentIDKey(p.idNumber, b.now); k != "" {
			bad(r, "id_number", k)
		}
		if p.name == "" {
			bad(r, "name", "field.required")
		} else if registry.TooLong(p.name, 50) {
			bad(r, "name", "field.too_long")
		}
		if k := registry.USCCKey(p.uscc); k != "" {
			bad(r, "institution_uscc", k)
		}
		if role, ok := personRoles[headerKey(r.get("role"))]; ok {
			p.role = role
		} else {
			bad(r, "role", "field.import_role")
		}
		if d, ok := parseDate(r.get("started_on")); !ok || d.After(today) {
			bad(r, "started_on", "field.import_date")
		} else {
			p.started = d
		}
		key := p.idNumber + "|" + p.uscc + "|" + p.role
		if len(errs) == nerr && seen[key] {
			bad(r, "id_number", "field.import_duplicate_in_file")
		}
		if len(errs) == nerr {
			seen[key] = true
			usccRows[p.uscc] = append(usccRows[p.uscc], len(b.ok))
			b.ok = append(b.ok, p)
		}
		progress(i + 1)
	}
	if err := b.resolve(ctx, q, usccRows, &errs); err != nil {
		return nil, err
	}
	sortErrors(errs)
	return errs, nil
}

// resolve finds each row's institution (it must exist and lie in the
// importer's region) and checks that a known ID number keeps its name.
func (b *personBatch) resolve(ctx context.Context, q db.Queryer, usccRows map[string][]int, errs *[]RowError) error {
	scope := b.a.Scope()
	found := map[string]bool{}
	err := eachChunk(keys(usccRows), func(chunk []any) error {
		rows, err := q.Query(ctx, "SELECT uscc, id, region_code FROM institutions WHERE uscc IN ("+db.In(len(chunk))+")", chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var uscc, code string
			var id int64
			if err := rows.Scan(&uscc, &id, &code); err != nil {
				return err
			}
			if !scope.Contains(code) {
				continue // outside the region: as if it did not exist
			}
			found[uscc] = true
			for _, i := range usccRows[uscc] {
				b.ok[i].institutionID, b.ok[i].region = id, code
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("imports: institutions: %w", err)
	}
	names := map[string]string{}
	ids := make([]string, 0, len(b.ok))
	for _, p := range b.ok {
		ids = append(ids, p.idNumber)
	}
	err = eachChunk(ids, func(chunk []any) error {
		rows, err := q.Query(ctx, "SELECT id_number, name FROM persons WHERE id_number IN ("+db.In(len(chunk))+")", chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			names[id] = name
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("imports: persons: %w", err)
	}
	for _, r := range b.rows {
		u := ident.NormalizeUSCC(r.get("institution_uscc"))
		if _, listed := usccRows[u]; listed && !found[u] {
			*errs = append(*errs, RowError{Row: r.n, Field: "institution_uscc", Key: "field.import_institution_unknown"})
		}
		id := ident.NormalizeResidentID(r.get("id_number"))
		if name, ok := names[id]; ok && name != r.get("name") {
			*errs = append(*errs, RowError{Row: r.n, Field: "name", Key: "field.import_name_differs"})
		}
	}
	return nil
}

// insert records each person (once per ID number across the platform) and
// their role at the institution. Roles from an import carry filing version
// 0: the institution's next approved filing supersedes them.
func (b *personBatch) insert(ctx context.Context, tx *db.Tx, now time.Time, progress func(int)) error {
	for i, p := range b.ok {
		var pid int64
		err := tx.QueryRow(ctx, "SELECT id FROM persons WHERE id_number = ?", p.idNumber).Scan(&pid)
		if db.IsNoRows(err) {
			pid, err = tx.Insert(ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, ?, ?)", p.idNumber, p.name, now)
		}
		if err != nil {
			return fmt.Errorf("imports: person: %w", err)
		}
		var started any
		if !p.started.IsZero() {
			started = p.started
		}
		if _, err := tx.Exec(ctx, `INSERT INTO person_roles (person_id, institution_id, role, filing_version, active, started_on) VALUES (?, ?, ?, 0, TRUE, ?)`,
			pid, p.institutionID, p.role, started); err != nil {
			return fmt.Errorf("imports: person role: %w", err)
		}
		after := map[string]any{"id_number": ident.MaskResidentID(p.idNumber), "name": p.name, "institution_id": p.institutionID, "role": p.role}
		if err := audit.Record(ctx, tx, b.a.Who(), now, "person.imported", "person", pid, p.region, nil, after); err != nil {
			return err
		}
		progress(i + 1)
	}
	return nil
}

// keys returns the keys of m, sorted.
func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
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

// existing returns which of vals the query (a SELECT of one column ending
// in "IN") finds.
func existing(ctx context.Context, q db.Queryer, query string, vals []string) ([]string, error) {
	var out []string
	err := eachChunk(vals, func(chunk []any) error {
		rows, err := q.Query(ctx, query+" ("+db.In(len(chunk))+")", chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("imports: lookup: %w", err)
	}
	return out, nil
}

func sortErrors(errs []RowError) {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Row != errs[j].Row {
			return errs[i].Row < errs[j].Row
		}
		return strings.Compare(errs[i].Field, errs[j].Field) < 0
	})
}
