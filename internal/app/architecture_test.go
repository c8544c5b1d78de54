package app_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The shape docs/ARCHITECTURE.md describes, checked on the source: the two
// faces (ui, httpapi) stand side by side over the services, domain packages
// never reach up to the services or the faces, and handlers reach the
// database only through services.

const module = "evalcred/internal/"

// outerPackages are the packages (and the packages below them) that may
// import services and the faces; every other package under internal/ is a
// domain or a helper of domains.
var outerPackages = []string{"ui", "httpapi", "web", "app", "cli", "services", "apptest", "demo", "e2e", "perf", "gen"}

// handlerAllowed are handler files that may reach the database themselves,
// with what they name: none.
var handlerAllowed = map[string][]string{}

// source is every non-test Go file under internal/, parsed, by package
// (its path below internal/).
type source map[string][]file

// file is a parsed file and its path below internal/.
type file struct {
	name string
	*ast.File
}

func readSource(t *testing.T) source {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	src := source{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		pkg := filepath.ToSlash(filepath.Dir(rel))
		src[pkg] = append(src[pkg], file{filepath.ToSlash(rel), f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// imports returns the packages under internal/ that pkg imports directly.
func (s source) imports(pkg string) []string {
	var out []string
	for _, f := range s[pkg] {
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if rest, ok := strings.CutPrefix(p, module); ok && !slices.Contains(out, rest) {
				out = append(out, rest)
			}
		}
	}
	return out
}

// deps returns every package under internal/ that pkg depends on.
func (s source) deps(pkg string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		for _, d := range s.imports(p) {
			if !seen[d] {
				seen[d] = true
				walk(d)
			}
		}
	}
	walk(pkg)
	return seen
}

func outer(pkg string) bool {
	top, _, _ := strings.Cut(pkg, "/")
	return slices.Contains(outerPackages, top)
}

func TestFacesStandSideBySide(t *testing.T) {
	src := readSource(t)
	for _, pair := range [][2]string{{"ui", "httpapi"}, {"httpapi", "ui"}} {
		if src.deps(pair[0])[pair[1]] {
			t.Errorf("internal/%s depends on internal/%s: what both faces need belongs in internal/web or in a domain", pair[0], pair[1])
		}
	}
}

func TestDomainsDoNotReachUp(t *testing.T) {
	src := readSource(t)
	for pkg := range src {
		if outer(pkg) {
			continue
		}
		var up []string
		for _, d := range src.imports(pkg) {
			if d == "services" || d == "ui" || d == "httpapi" {
				up = append(up, d)
			}
		}
		checkAllowed(t, "internal/"+pkg+" imports", up, nil, "a domain does not reach up to services or the faces")
	}
}

// sqlText matches a string that holds an SQL statement.
var sqlText = regexp.MustCompile(`(?s)\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE FROM\b`)

func TestHandlersGoThroughServices(t *testing.T) {
	src := readSource(t)
	seen := map[string]bool{}
	for _, pkg := range []string{"ui", "httpapi"} {
		for _, f := range src[pkg] {
			name := f.name
			seen[name] = true
			var found []string
			add := func(what string) {
				if !slices.Contains(found, what) {
					found = append(found, what)
				}
			}
			ast.Inspect(f.File, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.SelectorExpr:
					if inner, ok := x.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "S" && x.Sel.Name == "DB" {
						add("S.DB")
					}
					if id, ok := x.X.(*ast.Ident); ok && id.Name == "db" && x.Sel.Name == "Queryer" {
						add("db.Queryer")
					}
				case *ast.BasicLit:
					if x.Kind == token.STRING && sqlText.MatchString(x.Value) {
						add("SQL")
					}
				}
				return true
			})
			checkAllowed(t, name+" names", found, handlerAllowed[name], "a handler reaches the database only through a service method")
		}
	}
	for name := range handlerAllowed {
		if !seen[name] {
			t.Errorf("%s is gone: remove it from handlerAllowed", name)
		}
	}
}

// checkAllowed fails for what was found beyond allowed, and for what allowed
// still lists but was not found (the list must shrink with the code).
func checkAllowed(t *testing.T, where string, found, allowed []string, rule string) {
	t.Helper()
	sort.Strings(found)
	for _, f := range found {
		if !slices.Contains(allowed, f) {
			t.Errorf("%s %s: %s (docs/ARCHITECTURE.md)", where, f, rule)
		}
	}
	for _, a := range allowed {
		if !slices.Contains(found, a) {
			t.Errorf("%s no longer %s: remove it from the allow-list", where, a)
		}
	}
}

// sqlOutsideStores are the files outside store files and internal/db that
// may hold SQL, and why. Everything else that runs SQL is a store
// (store.go or <aggregate>_store.go), reached only through its service.
var sqlOutsideStores = map[string]string{
	"training/rule.go":                   "the training eligibility rule, declared like credit's",
	"gen/bulk.go":                        "the load-test generator writes millions of rows in bulk, beside the services",
	"gen/credit.go":                      "the load-test generator",
	"gen/gen.go":                         "the load-test generator",
	"gen/write.go":                       "the load-test generator",
	"demo/demo.go":                       "the demo seeder looks up the demo's own users",
	"demo/credit.go":                     "the demo seeder picks demo institutions and users",
	"demo/projectdemo/seed.go":           "the demo seeder picks demo institutions and users",
	"demo/yeardemo/training.go":          "the demo seeder picks demo people and projects",
	"project/projecttest/projecttest.go": "test fixtures writing the rows registry, filing and review would",
}

func TestSQLLivesInStores(t *testing.T) {
	src := readSource(t)
	seen := map[string]bool{}
	for pkg, files := range src {
		if pkg == "db" || strings.HasPrefix(pkg, "db/") {
			continue
		}
		for _, f := range files {
			if strings.HasSuffix(f.name, "store.go") {
				continue
			}
			holds := false
			ast.Inspect(f.File, func(n ast.Node) bool {
				if x, ok := n.(*ast.BasicLit); ok && x.Kind == token.STRING && sqlText.MatchString(x.Value) {
					holds = true
				}
				return !holds
			})
			_, allowed := sqlOutsideStores[f.name]
			switch {
			case holds && !allowed:
				t.Errorf("%s holds SQL: queries belong in its package's store file (docs/ARCHITECTURE.md)", f.name)
			case holds:
				seen[f.name] = true
			}
		}
	}
	for name := range sqlOutsideStores {
		if !seen[name] {
			t.Errorf("%s holds no SQL any more: remove it from sqlOutsideStores", name)
		}
	}
}
