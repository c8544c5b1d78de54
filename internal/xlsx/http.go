package xlsx

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// Emit writes one row of cells; see Writer.WriteRow for the cell types.
type Emit func(cells ...any) error

// Serve answers an HTTP request with a workbook streamed as it is produced:
// headers first, then every row rows emits. The status is 200 as soon as the
// first byte goes out, so rows must come from a query whose errors are
// checked before Serve is called where possible; an error later can only cut
// the file short (Excel then refuses it rather than showing half a list) and
// is logged.
func Serve(w http.ResponseWriter, r *http.Request, filename, sheet string, headers []string, rows func(emit Emit) error) {
	if !strings.HasSuffix(strings.ToLower(filename), ".xlsx") {
		filename += ".xlsx"
	}
	h := w.Header()
	h.Set("Content-Type", ContentType)
	// RFC 6266: an ASCII fallback and the UTF-8 name for Chinese file names.
	h.Set("Content-Disposition", `attachment; filename="`+asciiName(filename)+`"; filename*=UTF-8''`+url.PathEscape(filename))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	x, err := NewWriter(w, sheet, headers)
	if err == nil {
		err = rows(func(cells ...any) error { return x.WriteRow(cells...) })
		if cerr := x.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		slog.ErrorContext(r.Context(), "xlsx export failed", "file", filename, "err", err)
	}
}

func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, s)
}

// Wanted reports whether a request asks for a spreadsheet (?format=xlsx).
func Wanted(r *http.Request) bool { return r.URL.Query().Get("format") == "xlsx" }
