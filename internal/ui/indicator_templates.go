package ui

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/indicator"
	"evalcred/internal/project"
)

// The indicator template library of the viewer's province, each template's
// tree with its weights, and for those who run projects a form to add one
// (the tree as JSON in a textarea; refusals name the node's path).
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /indicator-templates", u.indicatorTemplates)
		h("POST /indicator-templates", u.addIndicatorTemplate)
		h("POST /indicator-templates/{id}/retire", u.retireIndicatorTemplate)
	})
}

// itNode is an indicator as the page shows it.
type itNode struct {
	Name, Weight, Explanation, ScoringPoints string
	Level                                    int
	Children                                 []itNode
}

type itTemplate struct {
	ID        int64
	Name      string
	NameEN    string
	Builtin   bool
	RetiredAt *time.Time
	Nodes     []itNode
}

// The templates in use first, the retired ones in a section of their own.
type indicatorTemplatesData struct {
	Templates []itTemplate
	Retired   []itTemplate
}

func itNodes(nodes []indicator.Node, level int) []itNode {
	out := make([]itNode, 0, len(nodes))
	for _, n := range nodes {
		w, _ := n.Weight.MarshalJSON()
		out = append(out, itNode{Name: n.Name, Weight: string(w), Explanation: n.Explanation, ScoringPoints: n.ScoringPoints,
			Level: level, Children: itNodes(n.Children, level+1)})
	}
	return out
}

func (u *UI) indicatorTemplatesPage(w http.ResponseWriter, r *http.Request, status int, p *Page) {
	list, err := u.S.Project.Templates(r.Context(), p.Actor)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := indicatorTemplatesData{}
	for _, t := range list {
		it := itTemplate{ID: t.ID, Name: t.Name, NameEN: t.NameEN, Builtin: t.Builtin || t.ID == 0, RetiredAt: t.RetiredAt,
			Nodes: itNodes(t.Indicators, 1)}
		if t.RetiredAt != nil {
			d.Retired = append(d.Retired, it)
		} else {
			d.Templates = append(d.Templates, it)
		}
	}
	p.Data = d
	u.Engine.Render(w, r, status, "indicator_templates", p)
}

func (u *UI) indicatorTemplates(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	u.indicatorTemplatesPage(w, r, http.StatusOK, u.newTemplateForm(r))
}

// newTemplateForm is the library page with the add form starting from the
// built-in tree.
func (u *UI) newTemplateForm(r *http.Request) *Page {
	p := u.page(r, "itemplates.title", nil)
	b, _ := json.MarshalIndent(indicator.Default().Indicators, "", "  ")
	p.Form = url.Values{"indicators": {string(b)}}
	return p
}

func (u *UI) addIndicatorTemplate(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	in := project.TemplateInput{Name: r.PostFormValue("name")}
	// A tree that is not JSON never reaches the service: the reason (the
	// parser's, or a malformed weight) goes beside the textarea.
	var malformed error
	err := json.Unmarshal([]byte(strings.TrimSpace(r.PostFormValue("indicators"))), &in.Indicators)
	if err != nil {
		malformed = err
		err = apperr.InvalidField("indicators", "itemplates.field.json")
	} else {
		_, err = u.S.Project.AddTemplate(r.Context(), a, in)
	}
	if err != nil {
		p := u.page(r, "itemplates.title", nil)
		p.Form = r.PostForm
		status := p.withError(r, err)
		if malformed != nil {
			detail := malformed.Error()
			if e := apperr.As(malformed); e != nil {
				for _, key := range e.Fields {
					detail = p.T(key)
				}
			}
			p.Fields["indicators"] = p.T("itemplates.field.json", detail)
		}
		u.indicatorTemplatesPage(w, r, status, p)
		return
	}
	redirect(w, r, "/indicator-templates", "indicator_template_added")
}

// retireIndicatorTemplate retires a template: it moves to the retired section
// and is no longer offered for projects; a refusal comes back on the page.
func (u *UI) retireIndicatorTemplate(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if _, err := u.S.Project.RetireTemplate(r.Context(), a, id); err != nil {
		if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Forbidden) {
			u.fail(w, r, err)
			return
		}
		p := u.newTemplateForm(r)
		u.indicatorTemplatesPage(w, r, p.withError(r, err), p)
		return
	}
	redirect(w, r, "/indicator-templates", "indicator_template_retired")
}
