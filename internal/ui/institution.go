package ui

import (
	"net/http"

	"evalcred/internal/filing"
	"evalcred/internal/registry"
	"evalcred/internal/review"
	"evalcred/internal/web"
)

// Institutions for officials (their region only): a filtered list and one
// institution with its current filing, versions and decisions; and one
// submitted version, which the institution's own users read too.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /institutions", u.institutionList)
		h("GET /institutions/{id}", u.institutionView)
		h("GET /institutions/{id}/filings/{version}", u.institutionVersion)
	})
}

type institutionListData struct {
	Filter   registry.Filter
	Statuses []string
	States   []string
	Types    []string
	List     *registry.InstitutionList
	Pager    pager
	Export   string
}

func (u *UI) institutionList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	f := web.InstitutionFilter(r)
	off := web.Offset(r)
	list, err := u.S.Registry.ListInstitutions(r.Context(), a, f, registry.Page{Limit: pageSize, Offset: off})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := institutionListData{Filter: f, List: list, Types: registry.Types,
		Statuses: []string{registry.StatusPending, registry.StatusActive, registry.StatusRejected, registry.StatusDeregistered},
		States:   []string{filing.StateNone, filing.StateDraft, filing.StateLevel1, filing.StateLevel2, filing.StateReturned, filing.StateApproved},
		Pager:    newPager(r, off, len(list.Items), list.Total), Export: apiExport("/api/v1/institutions", r.URL.Query())}
	u.Engine.Render(w, r, http.StatusOK, "institution_list", u.page(r, "institutions.title", d))
}

// institutionView shows the institution. Full ID numbers reach only the
// roles filing.SeesFullIDs names, and GetVersion records each such view in
// the audit log; everyone else reads them masked.
func (u *UI) institutionView(w http.ResponseWriter, r *http.Request) {
	showByID(u, w, r, "institution", "institution_view", "institutions.view_title", u.S.Review.ViewInstitution)
}

// institutionVersion shows one submitted version with what it changed.
func (u *UI) institutionVersion(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "institution")
	if !ok {
		return
	}
	v, err := pathID(r, "version", "filing version")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d, err := u.S.Review.ViewVersionAgainst(r.Context(), a, id, int(v), diffBase(r))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	data := &versionData{VersionView: d}
	p := u.page(r, "filing.version.title", data)
	data.Changes = newDiffView(p.Lang, d.Diff, nil)
	u.Engine.Render(w, r, http.StatusOK, "filing_version", p)
}

// versionData is a submitted version with its changes in words.
type versionData struct {
	*review.VersionView
	Changes *diffView
}
