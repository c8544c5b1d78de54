package imports

import (
	"context"
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
		errs = append(errs, r.refused...)
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
	st := registryStore{q}
	insts, err := st.institutionsByUSCC(ctx, keys(usccRows))
	if err != nil {
		return err
	}
	scope := b.a.Scope()
	found := map[string]bool{}
	for _, in := range insts {
		if !scope.Contains(in.region) {
			continue // outside the region: as if it did not exist
		}
		found[in.uscc] = true
		for _, i := range usccRows[in.uscc] {
			b.ok[i].institutionID, b.ok[i].region = in.id, in.region
		}
	}
	ids := make([]string, 0, len(b.ok))
	for _, p := range b.ok {
		ids = append(ids, p.idNumber)
	}
	names, err := st.personNames(ctx, ids)
	if err != nil {
		return err
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
// their role at the institution, with an audit entry each.
func (b *personBatch) insert(ctx context.Context, tx *db.Tx, now time.Time, progress func(int)) error {
	st := registryStore{tx}
	for i, p := range b.ok {
		pid, err := st.person(ctx, p, now)
		if err != nil {
			return err
		}
		if err := st.insertRole(ctx, pid, p); err != nil {
			return err
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

func sortErrors(errs []RowError) {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Row != errs[j].Row {
			return errs[i].Row < errs[j].Row
		}
		return strings.Compare(errs[i].Field, errs[j].Field) < 0
	})
}
