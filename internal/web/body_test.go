package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/locale"
	"evalcred/internal/textcheck"
)

type person struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

type sample struct {
	Name     string            `json:"name"`
	Facts    string            `json:"facts"`
	Year     int               `json:"year"`
	People   []person          `json:"people"`
	Tags     map[string]string `json:"tags"`
	Revision int               `json:"revision"`
	Hidden   string            `json:"-"`
}

func (sample) Echoed() []string   { return []string{"updated_at", "actions"} }
func (sample) Required() []string { return []string{"revision"} }

func decodeSample(body string) (sample, error) {
	s := sample{Name: "before"}
	err := DecodeBody("zh", []byte(body), &s)
	return s, err
}

func TestDecodeBody(t *testing.T) {
	cases := []struct {
		name, body string
		fields     []string // refused; none: accepted
	}{
		{"accepted", `{"name": "天平", "facts": "一\n二", "revision": 3, "people": [{"name": "王五"}]}`, nil},
		{"echoed fields ignored", `{"name": "天平", "revision": 0, "updated_at": "2026-12-01T00:00:00Z", "actions": ["edit"]}`, nil},
		{"null", `null`, []string{"body"}},
		{"array", `[1, 2]`, []string{"body"}},
		{"string", `"天平"`, []string{"body"}},
		{"unknown field", `{"nmae": "天平", "revision": 1}`, []string{"nmae"}},
		{"only unknown fields", `{"x": 1, "y": 2}`, []string{"x", "y", "revision"}},
		{"unknown nested field", `{"revision": 1, "people": [{"name": "王五", "age": 3}]}`, []string{"people[0].age"}},
		{"missing revision", `{"name": "天平"}`, []string{"revision"}},
		{"nul", `{"name": "天\u0000平", "revision": 1}`, []string{"name"}},
		{"bel in a nested name", `{"revision": 1, "people": [{"name": "王\u0007五"}]}`, []string{"people[0].name"}},
		{"esc in facts", `{"revision": 1, "facts": "\u001b[2J"}`, []string{"facts"}},
		{"line break in a name", `{"revision": 1, "name": "天\n平"}`, []string{"name"}},
		{"rlo", `{"revision": 1, "name": "\u202e平天"}`, []string{"name"}},
		{"zero width only", `{"revision": 1, "name": "\u200b\u200b"}`, []string{"name"}},
		{"bad map value", `{"revision": 1, "tags": {"a": "\u0000"}}`, []string{"tags.a"}},
		{"bad key", `{"revision": 1, "tags": {"\u0000": "a"}}`, []string{"tags"}},
		{"too long", `{"revision": 1, "name": "` + strings.Repeat("天", 201) + `"}`, []string{"name"}},
		{"wrong type beside a refused field", `{"revision": 1, "name": "\u0000", "year": "2024"}`, []string{"name", "year"}},
	}
	for _, c := range cases {
		got, err := decodeSample(c.body)
		if c.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		e := apperr.As(err)
		if e.Code != apperr.Invalid || len(e.Fields) != len(c.fields) {
			t.Errorf("%s: %v %v, want fields %v", c.name, err, e.Fields, c.fields)
			continue
		}
		for _, f := range c.fields {
			if e.Fields[f] == "" {
				t.Errorf("%s: %v does not name %s", c.name, e.Fields, f)
			}
		}
		if got.Name != "before" {
			t.Errorf("%s: a refused body changed the value: %+v", c.name, got)
		}
	}
	got, err := decodeSample(`{"revision": 2, "name": "Cafe\u0301", "people": [{"name": "e\u0301"}]}`)
	if err != nil || got.Name != "Café" || got.People[0].Name != "é" || got.Revision != 2 {
		t.Errorf("normalised: %+v %v", got, err)
	}
	for _, body := range []string{``, ` `, `{"name": `, `{} {}`} {
		if _, err := decodeSample(body); !apperr.Is(err, apperr.Malformed) {
			t.Errorf("%q: %v, want malformed", body, err)
		}
	}
}

// The message of a refusal names the field in words, in both languages.
func TestRefusalSpeaksWords(t *testing.T) {
	r := httptest.NewRequest("PUT", "/x", nil)
	for lang, want := range map[string]string{"zh": "事实经过含有不可显示的控制字符", "en": "control characters (such as NUL or BEL) from the facts"} {
		var s sample
		err := DecodeBody(lang, []byte(`{"revision": 1, "facts": "\u0000"}`), &s)
		_, body := Describe(r.WithContext(context.WithValue(r.Context(), langKey, lang)), err)
		if !strings.Contains(body.Error.Message, want) || !strings.Contains(body.Error.Fields["facts"], want) {
			t.Errorf("%s: %+v", lang, body.Error)
		}
	}
	for _, n := range textcheck.Caps {
		for _, lang := range locale.Languages {
			if !locale.Has(lang, textcheck.TooLong(n)) {
				t.Errorf("%s: no message for the cap %d", lang, n)
			}
		}
	}
}

func TestCheckValues(t *testing.T) {
	vs := url.Values{"q": {"Cafe\u0301"}, "facts": {"a\nb"}}
	var f apperr.Fields
	if !CheckValues(vs, &f) || len(f) != 0 || vs.Get("q") != "Café" {
		t.Errorf("normalised: %v %v", vs, f)
	}
	vs = url.Values{"q": {strings.Repeat("长", 20000)}, "name": {"\x00"}, "comment": {"ok\n"}}
	CheckValues(vs, &f)
	if len(f) != 2 || f["q"] == "" || f["name"] == "" {
		t.Errorf("refused: %v", f)
	}
}

// FuzzDecodeBody: any body is accepted, refused with fields named, or
// malformed; never a panic. An accepted body holds only text the rules
// accept, and encodes back to a body that is accepted alike.
func FuzzDecodeBody(f *testing.F) {
	for _, s := range []string{`{"name": "天平", "revision": 1}`, `null`, `{"people": [{"name": "\u0000"}], "revision": 1}`,
		`{"tags": {"a": "b"}, "revision": 0, "actions": []}`, `{"year": "x"}`, `[`, `{"name": "\u202e", "revision": 1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := decodeSample(string(body))
		if err != nil {
			e := apperr.As(err)
			switch e.Code {
			case apperr.Malformed:
			case apperr.Invalid:
				if len(e.Fields) == 0 {
					t.Fatalf("%q: refused without a field", body)
				}
			default:
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		texts := []string{got.Name, got.Facts}
		for _, p := range got.People {
			texts = append(texts, p.Name, p.IDNumber)
		}
		for _, s := range texts {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\x07\x1b\u202e") {
				t.Fatalf("%q: accepted %q", body, s)
			}
		}
		again, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		var back sample
		if err := DecodeBody("en", again, &back); err != nil || fmt.Sprint(back) != fmt.Sprint(got) {
			t.Fatalf("%q: round trip %s: %v %+v", body, again, err, back)
		}
	})
}
