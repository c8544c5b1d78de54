package ui

import (
	"net/http"
	"net/url"

	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

// exportRows answers a page asked with ?format=xlsx: the rows the screen
// shows, with the same filters, as a spreadsheet whose headers (message
// keys) are in the page's language. Permission export.
func (u *UI) exportRows(w http.ResponseWriter, r *http.Request, area string, headerKeys []string, rows func(emit xlsx.Emit) error) {
	if err := web.ServeXLSX(w, r, u.now(), area, headerKeys, rows); err != nil {
		u.fail(w, r, err)
	}
}

// ExportLink is the address of the current screen as a spreadsheet: the
// same path and filters with format=xlsx, paging dropped.
func (p *Page) ExportLink() string {
	q := url.Values{}
	for k, v := range p.Query {
		if k != "format" && k != "offset" && k != "limit" && k != "notice" && k != "lang" {
			q[k] = v
		}
	}
	q.Set("format", "xlsx")
	return p.Path + "?" + q.Encode()
}
