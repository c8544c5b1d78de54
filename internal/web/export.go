package web

import (
	"net/http"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/locale"
	"evalcred/internal/xlsx"
)

// ServeXLSX answers a list request with a spreadsheet of the rows that rows
// emits: headers (message keys) and the sheet name (area + ".sheet") in the
// request's language, the file named after the sheet and today's China date.
// Exporting needs permission export on top of whatever the list needs; without
// it nothing is written and a Forbidden error comes back for the caller to
// render in its own face (JSON or page).
func ServeXLSX(w http.ResponseWriter, r *http.Request, now time.Time, area string, headerKeys []string, rows func(emit xlsx.Emit) error) error {
	if a := Actor(r); a == nil || !a.Can("export") {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	lang := Lang(r.Context())
	headers := make([]string, len(headerKeys))
	for i, k := range headerKeys {
		headers[i] = locale.T(lang, k)
	}
	sheet := locale.T(lang, area+".sheet")
	xlsx.Serve(w, r, sheet+"-"+calendar.DateOf(now).String(), sheet, headers, rows)
	return nil
}
