package httpapi

import (
	"net/http"

	"evalcred/internal/web"
)

// The year's close: POST .../close starts it in the background and answers
// 202 with the run, whose progress GET /api/v1/year-closes/{id} follows.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/years/{year}/close", serve(http.StatusAccepted, yearKey, bodiless(api.S.YearClose.Start)))
		h("GET /api/v1/years/{year}/closes", serve(http.StatusOK, yearKey, listed(bodiless(api.S.YearClose.Runs))))
		h("GET /api/v1/year-closes/{id}", byID(api.S.YearClose.Run))
		h("GET /api/v1/year-closes/{id}/changes", api.yearCloseChanges)
		h("POST /api/v1/years/{year}/what-if", serve(http.StatusOK, yearKey, api.S.YearClose.WhatIf))
	})
}

func (api *API) yearCloseChanges(w http.ResponseWriter, r *http.Request) {
	a, id, ok := actorAnd(w, r, idKey)
	if !ok {
		return
	}
	limit, offset := web.Paging(r)
	list, err := api.S.YearClose.Changes(r.Context(), a, id, r.URL.Query().Get("kind"), limit, offset)
	reply(w, r, items(list), err)
}
