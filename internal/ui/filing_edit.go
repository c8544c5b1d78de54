package ui

import (
	"net/http"
	"slices"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/filing"
	"evalcred/internal/registry"
	"evalcred/internal/web"
)

// The institution's filing form: every section on one page, saved as a
// draft at any time (missing values allowed), submitted from /filing.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /filing/edit", u.filingEdit)
		h("POST /filing/edit", u.filingSave)
	})
}

// indexed pairs a list item with its row number in the form.
type indexed[T any] struct {
	I int
	V T
}

// filingEditData is the form: the document's rows plus blank ones, and
// the choices of the selects.
type filingEditData struct {
	Revision      int
	Editable      bool
	Doc           filing.Document
	Leads         []indexed[filing.Person]
	Practs        []indexed[filing.Person]
	Experts       []indexed[filing.Expert]
	Branches      []indexed[filing.Branch]
	Records       []indexed[filing.BusinessRecord]
	Uploaded      []*filing.Attachment
	Included      map[int64]bool
	Types         []string
	Kinds         []string
	Sections      []string
	QualKinds     []string
	Roles         []string
	InstitutionID int64
}

// withBlanks numbers the items of a list and adds blank rows: emptyRows,
// or moreRows for the section the user asked to grow.
func withBlanks[T any](list []T, section, more string) []indexed[T] {
	n := emptyRows
	if section == more {
		n = moreRows
	}
	out := make([]indexed[T], 0, len(list)+n)
	for i, v := range list {
		out = append(out, indexed[T]{i, v})
	}
	var zero T
	for range n {
		out = append(out, indexed[T]{len(out), zero})
	}
	return out
}

func filingEditForm(instID int64, atts []*filing.Attachment, doc filing.Document, rev int, editable bool, more string) *filingEditData {
	d := &filingEditData{Revision: rev, Editable: editable, Doc: doc, Uploaded: atts, Included: map[int64]bool{},
		Leads: withBlanks(doc.LeadEvaluators, "lead_evaluators", more), Practs: withBlanks(doc.Practitioners, "practitioners", more),
		Experts: withBlanks(doc.Experts, "experts", more), Branches: withBlanks(doc.Branches, "branches", more),
		Records: withBlanks(doc.BusinessRecords, "business_records", more),
		Types:   registry.Types, Kinds: filing.AttachmentKinds, Sections: filing.Sections, QualKinds: filing.QualificationKinds,
		Roles: []string{"lead", "participant"}, InstitutionID: instID}
	for _, a := range doc.Attachments {
		d.Included[a.ID] = true
	}
	return d
}

// ownInstitution returns the institution of an institution user, or fails
// the request: the filing pages are theirs alone.
func (u *UI) ownInstitution(w http.ResponseWriter, r *http.Request) int64 {
	a := u.requireLogin(w, r)
	if a == nil {
		return 0
	}
	if a.InstitutionID == 0 {
		u.fail(w, r, apperr.New(apperr.Forbidden, "error.forbidden"))
		return 0
	}
	return a.InstitutionID
}

func (u *UI) filingEdit(w http.ResponseWriter, r *http.Request) {
	instID := u.ownInstitution(w, r)
	if instID == 0 {
		return
	}
	f, err := u.S.Filing.EditDraft(r.Context(), web.Actor(r), instID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := filingEditForm(instID, f.Uploaded, f.Draft.Document, f.Draft.Revision, f.Draft.Editable, r.URL.Query().Get("more"))
	u.Engine.Render(w, r, http.StatusOK, "filing_edit", u.page(r, "filing.edit.title", d))
}

// filingSave saves the draft. The "add rows" buttons save too and come
// back with more blank rows in their section, so nothing typed is lost.
func (u *UI) filingSave(w http.ResponseWriter, r *http.Request) {
	instID := u.ownInstitution(w, r)
	if instID == 0 {
		return
	}
	doc, fe := parseFilingForm(r.PostForm)
	rev, _ := strconv.Atoi(r.PostFormValue("revision"))
	more := r.PostFormValue("add")
	if !slices.Contains(filing.Sections, more) {
		more = ""
	}
	err := fe.Err()
	if shape := checkFilingForm(r); shape != nil {
		err = shape
	}
	if err == nil {
		_, err = u.S.Filing.SaveDraft(r.Context(), web.Actor(r), instID, filing.Draft{Document: doc, Revision: rev, Exact: true})
	}
	if err == nil {
		if more != "" {
			redirect(w, r, "/filing/edit?more="+more+"#s-"+more, "filing_saved")
			return
		}
		redirect(w, r, "/filing", "filing_saved")
		return
	}
	atts, derr := u.S.Filing.ListAttachments(r.Context(), web.Actor(r), instID)
	if derr != nil {
		u.fail(w, r, derr)
		return
	}
	p := u.page(r, "filing.edit.title", filingEditForm(instID, atts, doc, rev, true, more))
	status := p.withError(r, err)
	u.Engine.Render(w, r, status, "filing_edit", p)
}
