package filing

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/ident"
)

// Change is one field that differs between the last approved version and
// another: Before is nil for an added field, After nil for a removed one.
type Change struct {
	Path   string `json:"path"`
	Change string `json:"change"` // added, removed, changed
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// DiffResult lists what a version changed since its base: the last
// version approved before it, or the version returned before it.
type DiffResult struct {
	Version int `json:"version"`
	// Base says what the version is compared with: BaseApproved or
	// BaseReturned (a returned base that does not exist falls back to the
	// approved one, and Base says so).
	Base string `json:"base"`
	// BaseVersion is the version compared against; 0 when there is none,
	// and then every field is "added".
	BaseVersion int `json:"base_version"`
	// ReturnedVersion is the version returned since the last approval that
	// this one answers (0 when none), so that a reader may switch bases.
	ReturnedVersion int      `json:"returned_version"`
	Changes         []Change `json:"changes"`
	// Names names the list items the paths pick (people, branches,
	// business records) as they are filed, path prefix → name.
	Names     map[string]string `json:"names"`
	IDsMasked bool              `json:"ids_masked"`
}

// The bases a version may be compared with.
const (
	BaseApproved = "approved"
	BaseReturned = "returned"
)

// Diff returns the fields version changed since the last version approved
// before it (DiffAgainst with BaseApproved).
func (s *Service) Diff(ctx context.Context, a *auth.Actor, institutionID int64, version int) (*DiffResult, error) {
	return s.DiffAgainst(ctx, a, institutionID, version, BaseApproved)
}

// DiffAgainst returns the fields version changed since base, field by
// field, to those who may see the institution (NotFound otherwise):
// BaseApproved (also "") compares with the last version approved before
// it, BaseReturned with the last version returned after that approval, or
// the approved one when none was. Another base is a 422 naming "base". ID
// numbers in paths and values are masked unless SeesFullIDs (and then the
// view is recorded in the audit log).
func (s *Service) DiffAgainst(ctx context.Context, a *auth.Actor, institutionID int64, version int, base string) (*DiffResult, error) {
	if base == "" {
		base = BaseApproved
	}
	if base != BaseApproved && base != BaseReturned {
		var f apperr.Fields
		f.Add("base", "words.error.diff_base")
		return nil, f.Err()
	}
	inst, v, err := s.visibleVersion(ctx, a, institutionID, version)
	if err != nil {
		return nil, err
	}
	res := &DiffResult{Version: version, Base: BaseApproved}
	st := filingStore{s.DB}
	if res.BaseVersion, err = st.approvedBefore(ctx, institutionID, version); err != nil {
		return nil, err
	}
	if res.ReturnedVersion, err = st.returnedBetween(ctx, institutionID, res.BaseVersion, version); err != nil {
		return nil, err
	}
	if base == BaseReturned && res.ReturnedVersion > 0 {
		res.Base, res.BaseVersion = BaseReturned, res.ReturnedVersion
	}
	var bd Document
	bd.normalize()
	if res.BaseVersion > 0 {
		bv, err := loadVersion(ctx, s.DB, institutionID, res.BaseVersion)
		if err != nil {
			return nil, err
		}
		bd = bv.Document
	}
	res.Changes = DiffDocuments(&bd, &v.Document)
	res.Names = itemNames(&bd)
	for k, n := range itemNames(&v.Document) {
		res.Names[k] = n
	}
	ids := append(bd.idNumbers(), v.Document.idNumbers()...)
	if SeesFullIDs(a, inst) {
		if err := s.RecordIDViewed(ctx, a, inst, fmt.Sprintf("filing diff %d", version), ids); err != nil {
			return nil, err
		}
		return res, nil
	}
	res.IDsMasked = true
	maskChanges(res.Changes, ids)
	res.Names = maskNames(res.Names, ids)
	return res, nil
}

// itemNames names the items of d's lists under the path prefixes flatten
// gives them: people by name, branches by name, business records by
// project.
func itemNames(d *Document) map[string]string {
	out := map[string]string{}
	person := func(list string, i int, id, name string) {
		key := fmt.Sprintf("%s[%d]", list, i)
		if id != "" {
			key = list + "[id_number=" + id + "]"
		}
		if name != "" {
			out[key] = name
		}
	}
	for i, p := range d.LeadEvaluators {
		person("lead_evaluators", i, p.IDNumber, p.Name)
	}
	for i, p := range d.Practitioners {
		person("practitioners", i, p.IDNumber, p.Name)
	}
	for i, e := range d.Experts {
		person("experts", i, e.IDNumber, e.Name)
	}
	for i, b := range d.Branches {
		if b.Name != "" {
			out[fmt.Sprintf("branches[%d]", i)] = b.Name
		}
	}
	for i, r := range d.BusinessRecords {
		if r.Project != "" {
			out[fmt.Sprintf("business_records[%d]", i)] = r.Project
		}
	}
	return out
}

// peopleLists are matched by ID number rather than position, so that
// reordering people is not a change and a path names the same person in
// both versions.
var peopleLists = []string{"lead_evaluators", "practitioners", "experts"}

// DiffDocuments compares two documents leaf by leaf under stable JSON paths:
// people by ID number (lead_evaluators[id_number=…].title), other lists by
// index (branches[0].name). Empty values count as absent.
func DiffDocuments(before, after *Document) []Change {
	b, a := flatten(before), flatten(after)
	var out []Change
	for p, av := range a {
		bv, ok := b[p]
		switch {
		case !ok:
			out = append(out, Change{Path: p, Change: "added", After: av})
		case !equalJSON(bv, av):
			out = append(out, Change{Path: p, Change: "changed", Before: bv, After: av})
		}
	}
	for p, bv := range b {
		if _, ok := a[p]; !ok {
			out = append(out, Change{Path: p, Change: "removed", Before: bv})
		}
	}
	slices.SortFunc(out, func(x, y Change) int {
		if c := sectionRank(x.Path) - sectionRank(y.Path); c != 0 {
			return c
		}
		return strings.Compare(x.Path, y.Path)
	})
	return out
}

func sectionRank(path string) int {
	for i, s := range Sections {
		if strings.HasPrefix(path, s) {
			return i
		}
	}
	return len(Sections)
}

func equalJSON(x, y any) bool {
	bx, _ := json.Marshal(x)
	by, _ := json.Marshal(y)
	return string(bx) == string(by)
}

// flatten maps every non-empty leaf of the document to its path.
func flatten(d *Document) map[string]any {
	raw, _ := json.Marshal(d)
	var tree map[string]any
	_ = json.Unmarshal(raw, &tree)
	out := map[string]any{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				walk(path+"."+k, c)
			}
		case []any:
			byID := slices.Contains(peopleLists, path)
			for i, c := range x {
				key := fmt.Sprintf("[%d]", i)
				if m, ok := c.(map[string]any); ok && byID {
					if id, _ := m["id_number"].(string); id != "" {
						key = "[id_number=" + id + "]"
					}
				}
				walk(path+key, c)
			}
		case nil:
		case string:
			if x != "" {
				out[path] = x
			}
		default:
			out[path] = x
		}
	}
	for k, v := range tree {
		walk(k, v)
	}
	return out
}

// maskChanges replaces full ID numbers in paths and values with masked ones.
func maskChanges(cs []Change, ids []string) {
	pairs := make([]string, 0, 2*len(ids))
	for _, id := range ids {
		pairs = append(pairs, id, ident.MaskResidentID(id))
	}
	r := strings.NewReplacer(pairs...)
	for i := range cs {
		cs[i].Path = r.Replace(cs[i].Path)
		if s, ok := cs[i].Before.(string); ok {
			cs[i].Before = r.Replace(s)
		}
		if s, ok := cs[i].After.(string); ok {
			cs[i].After = r.Replace(s)
		}
	}
}

// maskNames masks the ID numbers in the names' keys.
func maskNames(names map[string]string, ids []string) map[string]string {
	pairs := make([]string, 0, 2*len(ids))
	for _, id := range ids {
		pairs = append(pairs, id, ident.MaskResidentID(id))
	}
	r := strings.NewReplacer(pairs...)
	out := make(map[string]string, len(names))
	for k, v := range names {
		out[r.Replace(k)] = v
	}
	return out
}
