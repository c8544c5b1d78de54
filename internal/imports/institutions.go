package imports

import (
	"context"
	"strconv"
	"strings"
	"time"

	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/locale"
	"evalcred/internal/privacy"
	"evalcred/internal/region"
	"evalcred/internal/registry"
	"evalcred/internal/xlsx"
)

// institution is one validated row of an institutions file.
type institution struct {
	uscc, name, typ, region, address, legalRep, contact, phone, email string
	established                                                       calendar.Date
}

type institutionBatch struct {
	a      *auth.Actor
	rows   []row
	now    time.Time
	ok     []institution
	onName func(ctx context.Context, tx *db.Tx, institutionID int64, name string) error
}

// typeByLabel maps the Chinese and English labels of institution types (as
// people type them into the template) and the type codes to the codes.
var typeByLabel = func() map[string]string {
	m := map[string]string{}
	for _, t := range registry.Types {
		m[t] = t
		for _, lang := range locale.Languages {
			m[headerKey(locale.T(lang, "institution.type."+t))] = t
		}
	}
	return m
}()

// parseDate accepts 2006-01-02, 2006/1/2, 2006.1.2 and Excel serial numbers
// (a date cell read back from Excel or WPS).
func parseDate(s string) (calendar.Date, bool) {
	if s == "" {
		return calendar.Date{}, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 1 && f < 100000 {
		return xlsx.DateOfSerial(f), true
	}
	norm := strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "").Replace(s)
	if t, err := time.Parse("2006-1-2", norm); err == nil {
		return calendar.Date{Y: t.Year(), M: t.Month(), D: t.Day()}, true
	}
	return calendar.Date{}, false
}

func (b *institutionBatch) validate(ctx context.Context, q db.Queryer, progress func(int)) ([]RowError, error) {
	var errs []RowError
	bad := func(r row, field, key string) { errs = append(errs, RowError{Row: r.n, Field: field, Key: key}) }
	firstRow := map[string]int{}
	scope := b.a.Scope()
	today := calendar.DateOf(b.now)
	regions := regionFinder(scope)
	for i, r := range b.rows {
		in := institution{uscc: ident.NormalizeUSCC(r.get("uscc")), name: r.get("name"), region: regions(r.get("region_code")),
			address: r.get("address"), legalRep: r.get("legal_rep_name"), contact: r.get("contact_name"),
			phone: r.get("contact_phone"), email: r.get("contact_email")}
		nerr := len(errs)
		errs = append(errs, r.refused...)
		if k := registry.USCCKey(in.uscc); k != "" {
			bad(r, "uscc", k)
		} else if _, dup := firstRow[in.uscc]; dup {
			bad(r, "uscc", "field.import_duplicate_in_file")
		} else {
			firstRow[in.uscc] = r.n
		}
		if in.name == "" {
			bad(r, "name", "field.required")
		} else if registry.TooLong(in.name, 200) {
			bad(r, "name", "field.too_long")
		} else if why := privacy.Reason(in.name); why != "" {
			bad(r, "name", why)
		}
		if t, ok := typeByLabel[headerKey(r.get("type"))]; ok {
			in.typ = t
		} else {
			bad(r, "type", "field.institution_type")
		}
		if in.region == "" && r.get("region_code") != "" {
			bad(r, "region_code", "field.import_region")
		} else if k := registry.RegionKey(in.region); k != "" {
			bad(r, "region_code", k)
		} else if !scope.Contains(in.region) {
			bad(r, "region_code", "field.import_region_scope")
		}
		if d, ok := parseDate(r.get("established_on")); !ok || d.After(today) {
			bad(r, "established_on", "field.import_date")
		} else {
			in.established = d
		}
		if in.phone != "" && !registry.ValidPhone(in.phone) {
			bad(r, "contact_phone", "field.phone")
		}
		if in.email != "" && !registry.ValidEmail(in.email) {
			bad(r, "contact_email", "field.email")
		}
		if len(errs) == nerr {
			b.ok = append(b.ok, in)
		}
		progress(i + 1)
	}
	taken, err := registryStore{q}.takenUSCCs(ctx, keys(firstRow))
	if err != nil {
		return nil, err
	}
	for _, u := range taken {
		errs = append(errs, RowError{Row: firstRow[u], Field: "uscc", Key: "field.uscc_taken"})
	}
	sortErrors(errs)
	return errs, nil
}

// insert creates every institution as active, registered by the importing
// official, with an audit entry each.
func (b *institutionBatch) insert(ctx context.Context, tx *db.Tx, now time.Time, progress func(int)) error {
	st := registryStore{tx}
	for i, in := range b.ok {
		id, err := st.insertInstitution(ctx, in, now)
		if err != nil {
			return err
		}
		if b.onName != nil {
			if err := b.onName(ctx, tx, id, in.name); err != nil {
				return err
			}
		}
		after := map[string]any{"uscc": in.uscc, "name": in.name, "type": in.typ, "region_code": in.region, "status": registry.StatusActive}
		if err := audit.Record(ctx, tx, b.a.Who(), now, "institution.imported", "institution", id, in.region, nil, after); err != nil {
			return err
		}
		progress(i + 1)
	}
	return nil
}

// regionFinder returns the code of the region a row names (its code, its
// full name or the end of it, as region.Tree.Find reads them), looked for
// inside scope first and then in the whole country, so that a region
// outside scope is refused as such; "" when no single region answers.
func regionFinder(scope region.Scope) func(string) string {
	seen := map[string]string{}
	tree := region.Default()
	return func(name string) string {
		if code, ok := seen[name]; ok {
			return code
		}
		code, ok := tree.Find(name, scope)
		if !ok {
			code, _ = tree.Find(name, region.Scope{Code: region.RootCode})
		}
		seen[name] = code
		return code
	}
}
