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
	"evalcred/internal/web"
)

// The indicator template library of the viewer's province, each template's
// tree with its weights, and for those who run projects a form to add one
// (the tree as JSON in a textarea; refusals name the node's path).
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /indicator-templates", u.indicatorTemplates)
		h("POST /indicator-templates", u.addIndicatorTemplate)
		h("POST /indicator-templates/{id}/retire", u.retireIndicatorTemplate)
		h("POST /indicator-templates/{id}/revise", u.reviseIndicatorTemplate)
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
// Revising is the template the form revises (?revise=id), nil when the form
// adds a new one.
type indicatorTemplatesData struct {
	Templates []itTemplate
	Retired   []itTemplate
	Revising  *itTemplate
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

// indicatorTemplatesPage renders the library; revising is the id of the
// template the form revises (0: the form adds one). A template that cannot
// be revised (unknown, built-in, retired) leaves the form adding one. A
// page without a form (p.Form nil) gets one starting from the revised
// template's name and tree, or from the built-in tree.
func (u *UI) indicatorTemplatesPage(w http.ResponseWriter, r *http.Request, status int, p *Page, revising int64) {
	list, err := u.S.Indicator.Templates(r.Context(), p.Actor)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := indicatorTemplatesData{}
	start := indicator.TemplateInput{Indicators: indicator.Default().Indicators}
	for _, t := range list {
		it := itTemplate{ID: t.ID, Name: t.Name, NameEN: t.NameEN, Builtin: t.Builtin || t.ID == 0, RetiredAt: t.RetiredAt,
			Nodes: itNodes(t.Indicators, 1)}
		if t.RetiredAt != nil {
			d.Retired = append(d.Retired, it)
		} else {
			d.Templates = append(d.Templates, it)
		}
		if revising != 0 && t.ID == revising && !it.Builtin && t.RetiredAt == nil {
			d.Revising = &it
			start = indicator.TemplateInput{Name: t.Name, Indicators: t.Indicators}
		}
	}
	if p.Form == nil {
		b, _ := json.MarshalIndent(start.Indicators, "", "  ")
		p.Form = url.Values{"indicators": {string(b)}}
		if start.Name != "" {
			p.Form.Set("name", start.Name)
		}
	}
	p.Data = d
	u.Engine.Render(w, r, status, "indicator_templates", p)
}

// indicatorTemplates is the library page; ?revise=id starts the form from
// that template's name and tree.
func (u *UI) indicatorTemplates(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	id, _ := strconv.ParseInt(r.URL.Query().Get("revise"), 10, 64)
	u.indicatorTemplatesPage(w, r, http.StatusOK, u.page(r, "itemplates.title", nil), max(id, 0))
}

func (u *UI) addIndicatorTemplate(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	u.saveIndicatorTemplate(w, r, 0, "indicator_template_added", func(in indicator.TemplateInput) error {
		_, err := u.S.Indicator.AddTemplate(r.Context(), a, in)
		return err
	})
}

// reviseIndicatorTemplate stores the form as the template's revision (the
// old one is retired); a refusal comes back on the page with the form kept.
func (u *UI) reviseIndicatorTemplate(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "template")
	if !ok {
		return
	}
	u.saveIndicatorTemplate(w, r, id, "indicator_template_revised", func(in indicator.TemplateInput) error {
		_, err := u.S.Indicator.ReviseTemplate(r.Context(), a, id, in)
		return err
	})
}

// saveIndicatorTemplate reads the form (name, the tree as JSON) and saves
// it with save. A tree that is not JSON never reaches the service: the
// reason (the parser's, or a malformed weight) goes beside the textarea.
// Other refusals come back on the page with the form as sent, revising the
// same template; a template that is not there (or not the user's to
// change) is the error page.
func (u *UI) saveIndicatorTemplate(w http.ResponseWriter, r *http.Request, revising int64, notice string, save func(indicator.TemplateInput) error) {
	in := indicator.TemplateInput{Name: r.PostFormValue("name")}
	var malformed error
	err := json.Unmarshal([]byte(strings.TrimSpace(r.PostFormValue("indicators"))), &in.Indicators)
	if err != nil {
		malformed = err
		err = apperr.InvalidField("indicators", "itemplates.field.json")
	} else {
		err = save(in)
	}
	if err == nil {
		redirect(w, r, "/indicator-templates", notice)
		return
	}
	if unreachable(err) {
		u.fail(w, r, err)
		return
	}
	p := u.page(r, "itemplates.title", nil)
	p.Form = r.PostForm
	status := p.withError(r, err)
	if malformed != nil {
		detail := malformed.Error()
		if e := apperr.As(malformed); e != nil {
			for _, reason := range e.Fields {
				detail = web.FieldMessage(p.Lang, reason)
			}
		}
		p.Fields["indicators"] = p.T("itemplates.field.json", detail)
	}
	u.indicatorTemplatesPage(w, r, status, p, revising)
}

// retireIndicatorTemplate retires a template: it moves to the retired section
// and is no longer offered for projects; a refusal comes back on the page.
func (u *UI) retireIndicatorTemplate(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "template")
	if !ok {
		return
	}
	if _, err := u.S.Indicator.RetireTemplate(r.Context(), a, id); err != nil {
		if unreachable(err) {
			u.fail(w, r, err)
			return
		}
		p := u.page(r, "itemplates.title", nil)
		u.indicatorTemplatesPage(w, r, p.withError(r, err), p, 0)
		return
	}
	redirect(w, r, "/indicator-templates", "indicator_template_retired")
}
