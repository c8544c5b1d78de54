// Package ui is the HTML face of EvalCred: server-rendered pages, one short
// file per page or action (parse, call the service, render or redirect; the
// shared steps are in handle.go), with templates and static files embedded
// in the binary. Every core form works
// without JavaScript; htmx only makes some of them nicer.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"evalcred/internal/ident"
	"evalcred/internal/locale"
	"evalcred/internal/region"
	"evalcred/internal/words"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Engine renders pages: each templates/<name>.html defines "content" (and may
// define "title") and is rendered inside templates/layout.html. Each page is
// parsed once per language, so that the functions that write values (dates,
// money, codes as words) write them in the page's language.
type Engine struct {
	pages map[string]map[string]*template.Template
}

// NewEngine parses every page once at start.
func NewEngine() (*Engine, error) {
	e := &Engine{pages: map[string]map[string]*template.Template{}}
	for _, lang := range locale.Languages {
		pages, err := parsePages(lang)
		if err != nil {
			return nil, err
		}
		e.pages[lang] = pages
	}
	return e, nil
}

func parsePages(lang string) (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).Funcs(langFuncs(lang)).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("ui: layout: %w", err)
	}
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, ent := range entries {
		name := ent.Name()
		if ent.IsDir() || name == "layout.html" || !strings.HasSuffix(name, ".html") {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, path.Join("templates", name))
		if err != nil {
			return nil, fmt.Errorf("ui: %s: %w", name, err)
		}
		pages[strings.TrimSuffix(name, ".html")] = t
	}
	return pages, nil
}

// Render writes page name with data and status. It renders into a buffer
// first, so that a template error becomes a clean 500, not half a page.
func (e *Engine) Render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := e.pages[p.Lang][name]
	if !ok {
		t, ok = e.pages[locale.Default][name]
	}
	if !ok {
		slog.ErrorContext(r.Context(), "no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	tmpl := "layout.html"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true" && t.Lookup("fragment") != nil {
		tmpl = "fragment"
	}
	if err := t.ExecuteTemplate(&buf, tmpl, p); err != nil {
		slog.ErrorContext(r.Context(), "render failed", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

var funcs = template.FuncMap{
	"mask": ident.MaskResidentID,
	"region": func(code string) string {
		return region.Default().FullName(code)
	},
	// yuan shows an amount in fen as yuan with separators, for columns
	// headed 元.
	"yuan":  words.Yuan,
	"score": func(x100 int) string { return fmt.Sprintf("%d.%02d", x100/100, x100%100) },
	"add":   func(a, b int) int { return a + b },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"json": func(v any) template.JS { return template.JS(mustJSON(v)) },
}
