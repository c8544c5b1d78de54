// Package locale translates message keys into Chinese (the default) and
// English. Translations are data: translations/<lang>/<area>.json, flat objects
// of key → text with fmt placeholders (%s, %d, %v) filled from the arguments.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Languages are the supported languages, the default first.
var Languages = []string{"zh", "en"}

// Default is the language used when a request asks for none we have.
const Default = "zh"

//go:embed translations
var files embed.FS

var catalog = func() map[string]map[string]string {
	c, err := load(files)
	if err != nil {
		panic(err)
	}
	return c
}()

func load(fsys fs.FS) (map[string]map[string]string, error) {
	c := map[string]map[string]string{}
	for _, lang := range Languages {
		c[lang] = map[string]string{}
		dir := path.Join("translations", lang)
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return nil, fmt.Errorf("locale: %w", err)
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".json") {
				continue
			}
			b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("locale: %s/%s: %w", lang, e.Name(), err)
			}
			for k, v := range m {
				if _, dup := c[lang][k]; dup {
					return nil, fmt.Errorf("locale: %s: key %q defined twice", lang, k)
				}
				c[lang][k] = v
			}
		}
	}
	return c, nil
}

// Match returns the supported language for a preference such as "en-US" or an
// Accept-Language header, or Default.
func Match(pref string) string {
	for _, part := range strings.Split(pref, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(tag)
		for _, l := range Languages {
			if tag == l || strings.HasPrefix(tag, l+"-") {
				return l
			}
		}
	}
	return Default
}

// Has reports whether key exists in lang.
func Has(lang, key string) bool {
	_, ok := catalog[lang][key]
	return ok
}

// T translates key into lang with args. A missing key comes back as the key
// itself, so it shows on screen and in tests rather than as an empty string.
func T(lang, key string, args ...any) string {
	s, ok := catalog[lang][key]
	if !ok {
		if s, ok = catalog[Default][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Keys returns every key of the default language, for tests that look for
// keys shown untranslated.
func Keys() []string {
	keys := make([]string, 0, len(catalog[Default]))
	for k := range catalog[Default] {
		keys = append(keys, k)
	}
	return keys
}
