package web

import (
	"net/http"
	"net/url"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/helpdesk"
	"evalcred/internal/registry"
	"evalcred/internal/review"
)

// The query strings of the lists, read once for both faces: a page of
// institutions and GET /api/v1/institutions take the same parameters and
// so filter alike.

// Paging reads ?limit= (1 to 500, 50 when absent or out of range) and
// ?offset= (never negative).
func Paging(r *http.Request) (limit, offset int) {
	limit, _ = strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	return limit, Offset(r)
}

// Offset reads ?offset=, never negative.
func Offset(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	return max(0, n)
}

// flag reads a yes/no parameter: "1" or "true" is yes.
func flag(q url.Values, name string) bool { return q.Get(name) == "1" || q.Get(name) == "true" }

// InstitutionFilter reads the institution list's filters: q, status,
// filing_state, type, region_code and update_overdue.
func InstitutionFilter(r *http.Request) registry.Filter {
	q := r.URL.Query()
	return registry.Filter{Q: q.Get("q"), Status: q.Get("status"), FilingState: q.Get("filing_state"), Type: q.Get("type"),
		RegionCode: q.Get("region_code"), UpdateOverdue: flag(q, "update_overdue"), Sort: registry.InstitutionSorts.Pick(SortOf(r))}
}

// RecordFilter reads the credit record list's filters: institution_id,
// state, kind, severity and repair.
func RecordFilter(r *http.Request) credit.RecordFilter {
	q := r.URL.Query()
	f := credit.RecordFilter{State: q.Get("state"), Kind: q.Get("kind"), Severity: q.Get("severity"), Repair: q.Get("repair"),
		Sort: credit.RecordSorts.Pick(SortOf(r))}
	f.InstitutionID, _ = strconv.ParseInt(q.Get("institution_id"), 10, 64)
	return f
}

// ReviewFilter reads the review queue's filters: state, level and overdue.
func ReviewFilter(r *http.Request) review.Filter {
	q := r.URL.Query()
	f := review.Filter{State: q.Get("state"), Overdue: flag(q, "overdue"), Sort: review.QueueSorts.Pick(SortOf(r))}
	f.Level, _ = strconv.Atoi(q.Get("level"))
	return f
}

// QuestionFilter reads the question list's filters (state, category, q,
// held, overdue) and its page (limit, offset).
func QuestionFilter(r *http.Request) helpdesk.Filter {
	q := r.URL.Query()
	f := helpdesk.Filter{State: q.Get("state"), Category: q.Get("category"), Q: q.Get("q"), Held: flag(q, "held"), Overdue: flag(q, "overdue"),
		Sort: helpdesk.QuestionSorts.Pick(SortOf(r))}
	f.Limit, f.Offset = Paging(r)
	return f
}

// AuditFilter reads the audit log's filters: action, object_type,
// object_id, actor, from and to (China dates, to inclusive), before_id and
// limit. A date that is not one is refused naming its field.
func AuditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), ObjectType: q.Get("object_type"), Actor: q.Get("actor")}
	f.ObjectID, _ = strconv.ParseInt(q.Get("object_id"), 10, 64)
	f.BeforeID, _ = strconv.ParseInt(q.Get("before_id"), 10, 64)
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	from, to, err := DateRange(r)
	if !from.IsZero() {
		f.From = from.Time().UTC()
	}
	if !to.IsZero() {
		f.To = to.AddDays(1).Time().UTC()
	}
	return f, err
}

// DateRange reads ?from= and ?to= (YYYY-MM-DD, China dates); an absent
// value is the zero date, for the service to choose its default. A value
// that is not a date is refused naming its field.
func DateRange(r *http.Request) (from, to calendar.Date, err error) {
	var f apperr.Fields
	q := r.URL.Query()
	if s := q.Get("from"); s != "" {
		if from, err = calendar.ParseDate(s); err != nil {
			f.Add("from", "field.stats_date")
		}
	}
	if s := q.Get("to"); s != "" {
		if to, err = calendar.ParseDate(s); err != nil {
			f.Add("to", "field.stats_date")
		}
	}
	return from, to, f.Err()
}

// SortOf reads a list's chosen order: ?sort= (a column key, which the list
// checks against its own) and ?dir=desc (anything else is ascending).
func SortOf(r *http.Request) db.Sort {
	q := r.URL.Query()
	return db.Sort{Key: q.Get("sort"), Desc: q.Get("dir") == "desc"}
}
