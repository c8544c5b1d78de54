package httpapi

import (
	"fmt"
	"net/http"
	"strconv"

	"evalcred/internal/calendar"
	"evalcred/internal/locale"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
	"evalcred/internal/yearclose"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/years/{year}/fees", api.yearFees)
	})
}

// FeeHeaders are the message keys of the fee sheet's columns.
var FeeHeaders = []string{"fee.col.project_id", "fee.col.project", "fee.col.institution_id", "fee.col.institution", "fee.col.basis",
	"fee.col.person_days", "fee.col.daily_rate", "fee.col.basic", "fee.col.pool", "fee.col.score", "fee.col.percent", "fee.col.performance", "fee.col.total"}

// FeeCells is one row of the fee sheet, money in yuan with two decimals as
// text so that no spreadsheet rounds it.
func FeeCells(f yearclose.FeeRow) []any {
	return []any{f.ProjectID, f.ProjectName, f.InstitutionID, f.InstitutionName, f.Basis, f.PersonDays, feeYuan(f.DailyRateFen), feeYuan(f.BasicFen),
		feeYuan(f.PoolFen), feeYuan(int64(f.QualityScore)), f.CoefficientPercent, feeYuan(f.PerformanceFen), feeYuan(f.TotalFen)}
}

// feeYuan shows fen as yuan with two decimals.
func feeYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
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
	lang := web.Lang(r.Context())
	headers := make([]string, len(FeeHeaders))
	for i, k := range FeeHeaders {
		headers[i] = locale.T(lang, k)
	}
	sheet := locale.T(lang, "year.sheet")
	xlsx.Serve(w, r, sheet+"-"+strconv.Itoa(year)+"-"+calendar.DateOf(api.S.Clock.Now()).String(), sheet, headers, func(emit xlsx.Emit) error {
		return api.S.YearClose.Fees(r.Context(), a, year, func(f yearclose.FeeRow) error { return emit(FeeCells(f)...) })
	})
}
