package ui

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"evalcred/internal/auth"
	"evalcred/internal/filing"
	"evalcred/internal/region"
	"evalcred/internal/registry"
)

// People choose institutions and regions from lists, never by typing an
// id: the institution picker searches as one types (htmx asks
// /pick/institutions for the options), and without JavaScript its "find"
// button posts the form back to its own page, which lists the matches.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /pick/institutions", u.pickInstitutions)
	})
	funcs["regionChoices"] = regionChoices
	funcs["regionProvinces"] = func() []region.Region { return region.Default().Provinces() }
	funcs["regionBelow"] = func(code string) []region.Region { return region.Default().Children(code) }
	funcs["regionLevel"] = func(code string) int {
		r, _ := region.Default().Lookup(code)
		return int(r.Level)
	}
	funcs["qualSlots"] = qualSlots
}

// qualSlots are the qualification pickers of a person's row: one per
// qualification held and an empty one to add another.
func qualSlots(qs []filing.Qualification) []filing.Qualification {
	return append(slices.Clone(qs), filing.Qualification{})
}

// pickLimit is how many matches a picker offers at once: enough to choose
// from, few enough to read; a longer query narrows them.
const pickLimit = 20

// instOption is an institution a picker offers.
type instOption struct {
	ID               int64
	Name, USCC, Area string
}

func instOptionOf(in *registry.Institution) instOption {
	return instOption{ID: in.ID, Name: in.Name, USCC: in.USCC, Area: region.Default().FullName(in.RegionCode)}
}

// institutionOptions are the institutions a may see whose name or USCC
// matches q, by name; the chosen one (an id as posted) comes first even
// when q no longer finds it, so that a re-shown form keeps it.
func (u *UI) institutionOptions(ctx context.Context, a *auth.Actor, q, chosen string) ([]instOption, error) {
	list, err := u.S.Registry.ListInstitutions(ctx, a, registry.Filter{Q: strings.TrimSpace(q)}, registry.Page{Limit: pickLimit})
	if err != nil {
		return nil, err
	}
	out := make([]instOption, 0, len(list.Items)+1)
	id, _ := strconv.ParseInt(strings.TrimSpace(chosen), 10, 64)
	if id > 0 && !slices.ContainsFunc(list.Items, func(in *registry.Institution) bool { return in.ID == id }) {
		if in, err := u.S.Registry.GetInstitution(ctx, a, id); err == nil {
			out = append(out, instOptionOf(in))
		}
	}
	for _, in := range list.Items {
		out = append(out, instOptionOf(in))
	}
	return out, nil
}

// pickData is what pick_institutions.html shows: the options of the field
// named Field for the query Q.
type pickData struct {
	Field, Q string
	Options  []instOption
}

// pickInstitutions answers the search of an institution picker: its
// <option>s for htmx, or as a page of its own a list to read.
func (u *UI) pickInstitutions(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	field := r.FormValue("field")
	q := r.FormValue(field + "_q")
	if q == "" {
		q = r.FormValue("q")
	}
	opts, err := u.institutionOptions(r.Context(), a, q, "")
	u.show(w, r, "pick_institutions", "pickers.institution.title", pickData{Field: field, Q: q, Options: opts}, err)
}

// regionTree is the part of the region tree a picker offers below Root:
// a province's cities each with its counties, a city with its counties,
// the country's provinces with their cities.
type regionTree struct {
	Root   region.Region
	Cities []cityGroup
}

// regionChoices is the tree below code (the viewer's region) for a region
// picker.
func regionChoices(code string) regionTree {
	tree := region.Default()
	root, ok := tree.Lookup(code)
	if !ok {
		return regionTree{}
	}
	t := regionTree{Root: root}
	switch root.Level {
	case region.County:
	case region.City:
		t.Cities = []cityGroup{{City: root, Counties: tree.Children(root.Code)}}
		t.Root = region.Region{}
	default:
		for _, c := range tree.Children(root.Code) {
			t.Cities = append(t.Cities, cityGroup{City: c, Counties: tree.Children(c.Code)})
		}
	}
	return t
}
