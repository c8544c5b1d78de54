package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/calendar"
	"evalcred/internal/httpapi"
	"evalcred/internal/locale"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
	"evalcred/internal/yearclose"
)

// The year's fee sheet as an Excel download, one row per project and
// institution, streamed as it is read (the same rows as the JSON API's).
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /years/{year}/fees.xlsx", u.feeSheet)
	})
}

func (u *UI) feeSheet(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	year, err := yearOf(r)
	if err == nil {
		err = yearclose.CanReadFees(a)
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	lang := web.Lang(r.Context())
	headers := make([]string, len(httpapi.FeeHeaders))
	for i, k := range httpapi.FeeHeaders {
		headers[i] = locale.T(lang, k)
	}
	sheet := locale.T(lang, "year.sheet")
	xlsx.Serve(w, r, sheet+"-"+strconv.Itoa(year)+"-"+calendar.DateOf(u.now()).String(), sheet, headers, func(emit xlsx.Emit) error {
		return u.S.YearClose.Fees(r.Context(), a, year, func(f yearclose.FeeRow) error { return emit(httpapi.FeeCells(f)...) })
	})
}
