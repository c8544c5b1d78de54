package ui

import (
	"net/http"
	"strconv"

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
	web.Sheet(w, r, u.now(), "year.sheet", yearclose.FeeHeaders, func(emit xlsx.Emit) error {
		return u.S.YearClose.Fees(r.Context(), a, year, func(f yearclose.FeeRow) error { return emit(yearclose.FeeCells(f)...) })
	}, strconv.Itoa(year))
}
