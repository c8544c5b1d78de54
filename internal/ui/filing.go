package ui

import (
	"net/http"
	"slices"
	"strconv"

	"evalcred/internal/auth"
	"evalcred/internal/filing"
	"evalcred/internal/registry"
	"evalcred/internal/review"
	"evalcred/internal/web"
)

// The institution's home: its filing's state, the versions it submitted
// with the comments of any return, its uploads, and the submit button.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /filing", u.filingHome)
		h("POST /filing/submit", u.filingSubmit)
	})
	// Each role lands on its working page.
	homeRedirects = append(homeRedirects, func(a *auth.Actor) string {
		switch {
		case a.Role == auth.RoleInstitution && a.InstitutionID != 0:
			return "/filing"
		case review.LevelOf(a) > 0:
			return "/reviews"
		}
		return ""
	})
	funcs["qualText"] = QualificationText
	funcs["fits"] = filing.KindFitsSection
	funcs["strlist"] = func(s ...string) []string { return s }
	funcs["included"] = func(refs []filing.AttachmentRef, id int64) bool {
		return slices.ContainsFunc(refs, func(r filing.AttachmentRef) bool { return r.ID == id })
	}
	funcs["yuanText"] = YuanText
	funcs["yearText"] = func(y int) string {
		if y == 0 {
			return ""
		}
		return strconv.Itoa(y)
	}
}

// versionRow is a submitted version with the decisions taken on it.
type versionRow struct {
	filing.VersionInfo
	Decisions []*review.Decided
}

type filingHomeData struct {
	Institution *registry.Institution
	Draft       *filing.Draft
	Versions    []versionRow
	Uploaded    []*filing.Attachment
	Kinds       []string
	Sections    []string
	// MaxUpload is the attachment size cap of the policy in force, for the hint.
	MaxUpload string
}

func (u *UI) filingHomeData(r *http.Request, instID int64) (*filingHomeData, error) {
	ctx, a := r.Context(), web.Actor(r)
	inst, err := u.S.Registry.GetInstitution(ctx, a, instID)
	if err != nil {
		return nil, err
	}
	d := &filingHomeData{Institution: inst, Kinds: filing.AttachmentKinds, Sections: filing.Sections}
	if d.Draft, err = u.S.Filing.GetDraft(ctx, a, instID); err != nil {
		return nil, err
	}
	vs, err := u.S.Filing.ListVersions(ctx, a, instID)
	if err != nil {
		return nil, err
	}
	hist, err := u.S.Review.History(ctx, a, instID)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		row := versionRow{VersionInfo: v}
		for _, h := range hist {
			if h.Version == v.Version {
				row.Decisions = append(row.Decisions, h)
			}
		}
		d.Versions = append(d.Versions, row)
	}
	if d.Uploaded, err = u.S.Filing.ListAttachments(ctx, a, instID); err != nil {
		return nil, err
	}
	maxBytes, err := u.S.Filing.MaxUploadBytes(ctx, a)
	if err != nil {
		return nil, err
	}
	d.MaxUpload = strconv.FormatFloat(float64(maxBytes)/(1<<20), 'f', -1, 64) + " MB"
	return d, nil
}

func (u *UI) filingHome(w http.ResponseWriter, r *http.Request) {
	instID := u.ownInstitution(w, r)
	if instID == 0 {
		return
	}
	d, err := u.filingHomeData(r, instID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "filing", u.page(r, "filing.home.title", d))
}

// filingSubmit submits the draft; an incomplete one comes back with every
// missing or inconsistent field listed.
func (u *UI) filingSubmit(w http.ResponseWriter, r *http.Request) {
	instID := u.ownInstitution(w, r)
	if instID == 0 {
		return
	}
	res, err := u.S.Filing.Submit(r.Context(), web.Actor(r), instID)
	if err == nil {
		redirect(w, r, "/filing?version="+strconv.Itoa(res.Version), "filing_submitted")
		return
	}
	d, derr := u.filingHomeData(r, instID)
	if derr != nil {
		u.fail(w, r, derr)
		return
	}
	p := u.page(r, "filing.home.title", d)
	status := p.withError(r, err)
	u.Engine.Render(w, r, status, "filing", p)
}
