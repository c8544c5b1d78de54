package ui

import (
	"net/url"

	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/helpdesk"
	"evalcred/internal/project"
	"evalcred/internal/registry"
	"evalcred/internal/review"
)

// listSorts are the orders each sortable list allows, by the name its
// template gives the "sortth" header partial.
var listSorts = map[string]db.Sorts{
	"institutions":  registry.InstitutionSorts,
	"credit":        credit.RecordSorts,
	"reviews":       review.QueueSorts,
	"projects":      project.ListSorts,
	"questions":     helpdesk.QuestionSorts,
	"registrations": registry.RegistrationSorts,
}

// sortNow is the order list is shown in: the one the query chose when the
// list allows it, its default otherwise.
func (p *Page) sortNow(list string) db.Sort {
	return listSorts[list].Pick(db.Sort{Key: p.Query.Get("sort"), Desc: p.Query.Get("dir") == "desc"})
}

// SortState is the aria-sort of list's column key: "ascending" or
// "descending" when the list is sorted by it, "" otherwise.
func (p *Page) SortState(list, key string) string {
	s := p.sortNow(list)
	switch {
	case s.Key != key:
		return ""
	case s.Desc:
		return "descending"
	}
	return "ascending"
}

// SortLink is the address of this list sorted by column key: ascending
// first, the other way when it is already sorted by key; from the first
// page, the filters kept.
func (p *Page) SortLink(list, key string) string {
	q := url.Values{}
	for k, v := range p.Query {
		if k != "offset" && k != "notice" {
			q[k] = v
		}
	}
	q.Set("sort", key)
	s := p.sortNow(list)
	if s.Key == key && !s.Desc {
		q.Set("dir", "desc")
	} else {
		q.Del("dir")
	}
	return p.Path + "?" + q.Encode()
}
