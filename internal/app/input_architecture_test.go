package app_test

import (
	"go/ast"
	"testing"
)

// inputReaders are the calls that read a request's body or files around
// the checks of internal/web (the middleware checks forms and query
// strings, web.Decode JSON bodies, web.OpenUpload and web.ReadUpload
// uploads): a handler that made them would take text unchecked.
var inputReaders = map[string]bool{"FormFile": true, "ParseMultipartForm": true, "MultipartReader": true, "NewDecoder": true, "ReadAll": true}

// Handlers read bodies and uploads only through internal/web, so that no
// handler can skip the checks of the text it takes.
func TestHandlersReadInputThroughWeb(t *testing.T) {
	src := readSource(t)
	for _, pkg := range []string{"ui", "httpapi"} {
		for _, f := range src[pkg] {
			ast.Inspect(f.File, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || !inputReaders[sel.Sel.Name] {
					return true
				}
				for _, arg := range call.Args {
					if reads(arg) {
						t.Errorf("%s: %s reads the request itself; use web.Decode, web.OpenUpload or web.ReadUpload", f.name, sel.Sel.Name)
					}
				}
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "r" && sel.Sel.Name != "NewDecoder" && sel.Sel.Name != "ReadAll" {
					t.Errorf("%s: r.%s reads the request itself; use web.OpenUpload or web.ReadUpload", f.name, sel.Sel.Name)
				}
				return true
			})
		}
	}
}

// reads reports whether an argument is a request's body (r.Body).
func reads(arg ast.Expr) bool {
	sel, ok := arg.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "r" && sel.Sel.Name == "Body"
}
