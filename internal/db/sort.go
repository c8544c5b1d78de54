package db

import "strings"

// Sort is the order a person chose for a list: one of the keys the list
// allows, ascending or descending.
type Sort struct {
	Key  string `json:"sort"`
	Desc bool   `json:"desc"`
}

// Sorts maps the keys a list may be sorted by to the columns that sort it
// ("i.region_code, i.name_norm"), with the key used when none is chosen.
// Only these keys reach the SQL: a sort parameter is never spliced in.
type Sorts struct {
	Cols    map[string]string
	Default Sort
}

// Pick returns s when its key is allowed, and the default otherwise.
func (o Sorts) Pick(s Sort) Sort {
	if _, ok := o.Cols[s.Key]; ok {
		return s
	}
	return o.Default
}

// Allows reports whether key is one of the list's sort keys.
func (o Sorts) Allows(key string) bool {
	_, ok := o.Cols[key]
	return ok
}

// OrderBy returns the ORDER BY list of s (the default when its key is not
// allowed), each column reversed when descending, then tiebreak, which
// keeps pages stable. A nullable column is listed as "col IS NULL, col" so
// that both engines put its empty values last.
func (o Sorts) OrderBy(s Sort, tiebreak string) string {
	s = o.Pick(s)
	cols := strings.Split(o.Cols[s.Key], ",")
	for i, c := range cols {
		c = strings.TrimSpace(c)
		if s.Desc {
			c += " DESC"
		}
		cols[i] = c
	}
	if tiebreak != "" {
		cols = append(cols, tiebreak)
	}
	return strings.Join(cols, ", ")
}
