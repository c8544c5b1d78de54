package selection

import (
	"cmp"
	"slices"
)

// Candidate is one institution in a merit ranking with the facts it is ranked
// by; they are published with the result so that the ranking can be checked.
type Candidate struct {
	ID int64 `json:"id"`
	// Score is the latest assessment score x100; HasScore is false when the
	// institution has none yet.
	Score    int  `json:"score"`
	HasScore bool `json:"has_score"`
	// OpenProjects counts the projects not yet completed it is working on.
	OpenProjects int `json:"open_projects"`
}

// TieRule is the stated rule of Rank, published with every merit result.
const TieRule = "score_desc_unscored_last_then_fewer_open_projects_then_lower_id"

// Rank orders candidates by merit: a higher latest assessment score first,
// institutions without a score after every scored one; equal scores are
// broken by fewer open projects (spreading work), then by the lower id (the
// earlier registration), so that the order is total and reproducible.
func Rank(cs []Candidate) []Candidate {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b Candidate) int {
		if a.HasScore != b.HasScore {
			if a.HasScore {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.OpenProjects, b.OpenProjects); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// Tie says which rule separated a candidate from the one ranked just above it.
// "" means the score alone (or the first place).
func Tie(prev, cur Candidate) string {
	switch {
	case prev.HasScore != cur.HasScore || prev.Score != cur.Score:
		return ""
	case prev.OpenProjects != cur.OpenProjects:
		return "fewer_open_projects"
	}
	return "lower_id"
}

// Top ranks cs and returns the first count ids with each one's tie note.
func Top(cs []Candidate, count int) (ids []int64, ranked []Candidate, ties []string) {
	ranked = Rank(cs)
	count = max(0, min(count, len(ranked)))
	ids = make([]int64, count)
	ties = make([]string, count)
	for i := 0; i < count; i++ {
		ids[i] = ranked[i].ID
		if i > 0 {
			ties[i] = Tie(ranked[i-1], ranked[i])
		}
	}
	return ids, ranked[:count], ties
}
