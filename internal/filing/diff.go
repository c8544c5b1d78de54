package filing

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

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

// DiffResult lists what a version changed since the last approved one.
type DiffResult struct {
	Version int `json:"version"`
	// BaseVersion is the approved version compared against; 0 when there is
	// none, and then every field is "added".
	BaseVersion int      `json:"base_version"`
	Changes     []Change `json:"changes"`
	IDsMasked   bool     `json:"ids_masked"`
}

// peopleLists are matched by ID number rather than position, so that
// reordering people is not a change and a path names the same person in
// both versions.
var peopleLists = []string{"lead_evaluators", "practitioners", "experts"}

// Diff returns the fields version changed since the last version approved
// before it, field by field, to those who may see the institution
// (NotFound otherwise). ID numbers in paths and values are masked unless
// SeesFullIDs (and then the view is recorded in the audit log).
func (s *Service) Diff(ctx context.Context, a *auth.Actor, institutionID int64, version int) (*DiffResult, error) {
	inst, v, err := s.visibleVersion(ctx, a, institutionID, version)
	if err != nil {
		return nil, err
	}
	res := &DiffResult{Version: version}
	if res.BaseVersion, err = (filingStore{s.DB}).approvedBefore(ctx, institutionID, version); err != nil {
		return nil, err
	}
	var base Document
	base.normalize()
	if res.BaseVersion > 0 {
		bv, err := loadVersion(ctx, s.DB, institutionID, res.BaseVersion)
		if err != nil {
			return nil, err
		}
		base = bv.Document
	}
	res.Changes = DiffDocuments(&base, &v.Document)
	ids := append(base.idNumbers(), v.Document.idNumbers()...)
	if SeesFullIDs(a, inst) {
		if err := s.RecordIDViewed(ctx, a, inst, fmt.Sprintf("filing diff %d", version), ids); err != nil {
			return nil, err
		}
		return res, nil
	}
	res.IDsMasked = true
	maskChanges(res.Changes, ids)
	return res, nil
}

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
