package httpapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"sync"

	"evalcred/internal/version"
	"evalcred/internal/web"
)

// The OpenAPI document is assembled from fragments: base.json holds the info,
// security schemes and shared schemas; each area's file adds its "paths" and
// "components.schemas". Keeping a fragment per area lets areas grow apart.
//
//go:embed openapi/*.json
var openapiFS embed.FS

var (
	openapiOnce sync.Once
	openapiDoc  []byte
	openapiErr  error
)

// OpenAPI returns the merged document.
func OpenAPI() ([]byte, error) {
	openapiOnce.Do(func() { openapiDoc, openapiErr = buildOpenAPI() })
	return openapiDoc, openapiErr
}

func buildOpenAPI() ([]byte, error) {
	names, err := fs.Glob(openapiFS, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	doc := map[string]any{}
	paths := map[string]any{}
	schemas := map[string]any{}
	for _, n := range names {
		b, err := fs.ReadFile(openapiFS, n)
		if err != nil {
			return nil, err
		}
		var frag map[string]any
		if err := json.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("openapi: %s: %w", n, err)
		}
		if p, ok := frag["paths"].(map[string]any); ok {
			for path, ops := range p {
				merged, _ := paths[path].(map[string]any)
				if merged == nil {
					merged = map[string]any{}
				}
				for method, op := range ops.(map[string]any) {
					if _, dup := merged[method]; dup {
						return nil, fmt.Errorf("openapi: %s %s defined twice", method, path)
					}
					merged[method] = op
				}
				paths[path] = merged
			}
		}
		if c, ok := frag["components"].(map[string]any); ok {
			if s, ok := c["schemas"].(map[string]any); ok {
				for k, v := range s {
					if _, dup := schemas[k]; dup {
						return nil, fmt.Errorf("openapi: schema %s defined twice", k)
					}
					schemas[k] = v
				}
			}
		}
		for k, v := range frag {
			if k != "paths" && k != "components" {
				doc[k] = v
			}
		}
		if c, ok := frag["components"].(map[string]any); ok {
			comps, _ := doc["components"].(map[string]any)
			if comps == nil {
				comps = map[string]any{}
			}
			for k, v := range c {
				if k != "schemas" {
					comps[k] = v
				}
			}
			doc["components"] = comps
		}
	}
	if info, ok := doc["info"].(map[string]any); ok {
		info["version"] = version.Version
	}
	comps, _ := doc["components"].(map[string]any)
	if comps == nil {
		comps = map[string]any{}
	}
	comps["schemas"] = schemas
	doc["components"] = comps
	doc["paths"] = paths
	return json.MarshalIndent(doc, "", "  ")
}

func (api *API) openapi(w http.ResponseWriter, r *http.Request) {
	b, err := OpenAPI()
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}
