package review

import (
	"strconv"

	"evalcred/internal/locale"
)

// TaskHeaders are the columns of the queue export (message keys).
var TaskHeaders = []string{"registryweb.col.id", "registryweb.col.name", "registryweb.col.uscc", "registryweb.col.region",
	"registryweb.col.version", "registryweb.col.level", "registryweb.col.state", "registryweb.col.due_at", "registryweb.col.overdue",
	"registryweb.col.created_at", "registryweb.col.decided_at"}

// TaskRow is one task as a spreadsheet row in lang, in TaskHeaders' order.
func TaskRow(lang string, t *Task) []any {
	overdue := locale.T(lang, "common.no")
	if t.Overdue {
		overdue = locale.T(lang, "common.yes")
	}
	return []any{t.ID, t.InstitutionName, t.USCC, t.RegionName, t.Version, locale.T(lang, "review.level."+strconv.Itoa(t.Level)),
		locale.T(lang, "review.state."+t.State), t.DueAt, overdue, t.CreatedAt, t.DecidedAt}
}
