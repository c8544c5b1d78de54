package ui

import (
	"net/http"
	"slices"
	"strconv"

	"evalcred/internal/filing"
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

// filingHomeData is the filing page: the institution's filing with its
// versions, decisions and uploads, and the choices of the upload forms.
type filingHomeData struct {
	*review.FilingView
	Kinds    []string
	Sections []string
	// MaxUpload is the attachment size cap of the policy in force, for the hint.
	MaxUpload string
}

// filingPage is the filing page of the institution.
func (u *UI) filingPage(r *http.Request, instID int64) (*Page, error) {
	v, err := u.S.Review.ViewFiling(r.Context(), web.Actor(r), instID)
	if err != nil {
		return nil, err
	}
	return u.page(r, "filing.home.title", &filingHomeData{FilingView: v, Kinds: filing.AttachmentKinds, Sections: filing.Sections,
		MaxUpload: strconv.FormatFloat(float64(v.MaxUploadBytes)/(1<<20), 'f', -1, 64) + " MB"}), nil
}

func (u *UI) filingHome(w http.ResponseWriter, r *http.Request) {
	instID := u.ownInstitution(w, r)
	if instID == 0 {
		return
	}
	p, err := u.filingPage(r, instID)
	u.render(w, r, "filing", p, err)
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
	p, perr := u.filingPage(r, instID)
	if perr != nil {
		u.fail(w, r, perr)
		return
	}
	status := p.withError(r, err)
	u.Engine.Render(w, r, status, "filing", p)
}
