package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/web"
	"evalcred/internal/xlsx"
	"evalcred/internal/yearclose"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/years/{year}/fees", api.yearFees)
	})
}

// yearFees lists the year's fees, or streams them as an .xlsx sheet with
// ?format=xlsx (one row per project and institution).
func (api *API) yearFees(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	year, ok := yearParam(w, r)
	if !ok {
		return
	}
	if !xlsx.Wanted(r) {
		var list []yearclose.FeeRow
		err := api.S.YearClose.Fees(r.Context(), a, year, func(f yearclose.FeeRow) error { list = append(list, f); return nil })
		reply(w, r, items(list), err)
		return
	}
	// Check access before the sheet starts: a refusal must be a JSON error,
	// not a truncated file.
	if err := yearclose.CanReadFees(a); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Sheet(w, r, api.S.Clock.Now(), "year.sheet", yearclose.FeeHeaders, func(emit xlsx.Emit) error {
		return api.S.YearClose.Fees(r.Context(), a, year, func(f yearclose.FeeRow) error { return emit(yearclose.FeeCells(f)...) })
	}, strconv.Itoa(year))
}
