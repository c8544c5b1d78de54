package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/locale"
	"evalcred/internal/xlsx"
)

// ServeXLSX answers a list request with a spreadsheet of the rows that rows
// emits (see Sheet), the sheet named area + ".sheet". Exporting needs
// permission export on top of whatever the list needs; without it nothing
// is written and a Forbidden error comes back for the caller to render in
// its own face (JSON or page).
func ServeXLSX(w http.ResponseWriter, r *http.Request, now time.Time, area string, headerKeys []string, rows func(emit xlsx.Emit) error) error {
	if a := Actor(r); a == nil || !a.Can("export") {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	Sheet(w, r, now, area+".sheet", headerKeys, rows)
	return nil
}

// Sheet streams a spreadsheet of the rows that rows emits, with no
// permission of its own (the caller has checked access): the headers
// (message keys) and the sheet's name (sheetKey) in the request's language,
// the file named after the sheet, then nameParts, then today's China date,
// joined by "-".
func Sheet(w http.ResponseWriter, r *http.Request, now time.Time, sheetKey string, headerKeys []string, rows func(emit xlsx.Emit) error, nameParts ...string) {
	lang := Lang(r.Context())
	headers := make([]string, len(headerKeys))
	for i, k := range headerKeys {
		headers[i] = locale.T(lang, k)
	}
	sheet := locale.T(lang, sheetKey)
	name := strings.Join(append(append([]string{sheet}, nameParts...), calendar.DateOf(now).String()), "-")
	xlsx.Serve(w, r, name, sheet, headers, rows)
}

// SendSpreadsheet sends a spreadsheet built beforehand (an import template)
// as a download: asciiName for clients that read only the plain file name,
// name for the rest.
func SendSpreadsheet(w http.ResponseWriter, asciiName, name string, data []byte) {
	w.Header().Set("Content-Type", xlsx.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+asciiName+`"; filename*=UTF-8''`+url.PathEscape(name))
	_, _ = w.Write(data)
}

// RowsOf emits a spreadsheet row for each item of list, as row makes it.
func RowsOf[T any](list []T, row func(T) []any) func(emit xlsx.Emit) error {
	return func(emit xlsx.Emit) error {
		for _, v := range list {
			if err := emit(row(v)...); err != nil {
				return err
			}
		}
		return nil
	}
}
