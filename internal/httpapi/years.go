package httpapi

import (
	"net/http"

	"evalcred/internal/web"
	"evalcred/internal/yearclose"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/years/{year}/close", api.yearClose)
		h("GET /api/v1/years/{year}/closes", api.yearCloses)
		h("GET /api/v1/year-closes/{id}", byID(api.S.YearClose.Run))
		h("GET /api/v1/year-closes/{id}/changes", api.yearCloseChanges)
		h("POST /api/v1/years/{year}/what-if", api.yearWhatIf)
	})
}

// yearClose starts the close in the background: 202 with the run, whose
// progress GET /api/v1/year-closes/{id} follows.
func (api *API) yearClose(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	year, ok := yearParam(w, r)
	if !ok {
		return
	}
	run, err := api.S.YearClose.Start(r.Context(), a, year)
	replyStatus(w, r, http.StatusAccepted, run, err)
}

func (api *API) yearCloses(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	year, ok := yearParam(w, r)
	if !ok {
		return
	}
	list, err := api.S.YearClose.Runs(r.Context(), a, year)
	reply(w, r, items(list), err)
}

func (api *API) yearCloseChanges(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	limit, offset := web.Paging(r)
	list, err := api.S.YearClose.Changes(r.Context(), a, id, r.URL.Query().Get("kind"), limit, offset)
	reply(w, r, items(list), err)
}

func (api *API) yearWhatIf(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	year, ok := yearParam(w, r)
	if !ok {
		return
	}
	var in yearclose.WhatIfInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.YearClose.WhatIf(r.Context(), a, year, in)
	reply(w, r, res, err)
}
