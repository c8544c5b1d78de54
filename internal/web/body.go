package web

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/locale"
	"evalcred/internal/textcheck"
)

// Echoed is implemented by a body type (or a type inside one) whose GET
// answers with fields the write does not take (an id, a time, what the
// caller may do): Decode accepts those and ignores them, so that a client
// may send back what it read. Any other field the type does not have is
// refused, so that a misspelt one is not silently dropped.
type Echoed interface{ Echoed() []string }

// Required is implemented by a body type whose named top-level fields must
// be sent, even when their zero value would do (a revision of 0).
type Required interface{ Required() []string }

// maxFieldErrors bounds the fields one refusal names.
const maxFieldErrors = 50

// Decode reads a JSON body into v. Malformed JSON is a 400; a body over
// MaxJSONBody a 413. A 422 names each field that is refused: text that
// textcheck refuses, a field v does not have (see Echoed), a required one
// missing (see Required), a body that is not an object where v is a
// struct, a value of the wrong type. Text is normalised (NFC) on the way.
func Decode(w http.ResponseWriter, r *http.Request, v any) error {
	// The body is read as JSON whatever Content-Type says (curl -d sends a form
	// type); only multipart, which is certainly not JSON, is turned away.
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return apperr.New(apperr.Malformed, "error.want_json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.Wrap(err, apperr.TooLarge, "error.too_large")
		}
		return apperr.Wrap(err, apperr.Malformed, "error.malformed")
	}
	return DecodeBody(Lang(r.Context()), body, v)
}

// DecodeBody is Decode of a body already read; lang is the language of the
// refusal's message.
func DecodeBody(lang string, body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return apperr.New(apperr.Malformed, "error.malformed")
	}
	c := &bodyCheck{}
	tree = c.text(tree, "")
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if _, isObject := tree.(map[string]any); !isObject && t.Kind() == reflect.Struct && !custom(t) {
		c.add("body", "input.want_object")
	} else {
		c.shape(tree, t, "")
	}
	if req, ok := reflect.New(t).Interface().(Required); ok {
		if m, isObject := tree.(map[string]any); isObject {
			for _, name := range req.Required() {
				if _, sent := m[name]; !sent {
					c.add(name, apperr.KeyArgs("input.required", textcheck.Label(name)))
				}
			}
		}
	}
	clean, err := json.Marshal(tree)
	if err != nil {
		return apperr.Wrap(err, apperr.Malformed, "error.malformed")
	}
	if len(c.f) == 0 {
		if err := json.Unmarshal(clean, v); err != nil {
			return decodeError(err)
		}
		return nil
	}
	// Refused already: a value of the wrong type is named too, decoding into
	// a scratch value so that v stays as it was.
	var te *json.UnmarshalTypeError
	if err := json.Unmarshal(clean, reflect.New(t).Interface()); errors.As(err, &te) {
		c.add(typeField(te), "field.type")
	}
	return Refusal(lang, c.f)
}

// Refusal is the 422 for fields refused on their way in: each field's
// reason, and a message listing them all in words, so that a page showing
// only the message still says which field and why.
func Refusal(lang string, f apperr.Fields) error {
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	slices.Sort(names)
	msgs := make([]string, len(names))
	for i, name := range names {
		msgs[i] = FieldMessage(lang, f[name])
	}
	err := f.Err().(*apperr.Error)
	err.Key, err.Args = "input.refused", []any{strings.Join(msgs, locale.T(lang, "input.separator"))}
	return err
}

// bodyCheck collects what a body is refused for.
type bodyCheck struct{ f apperr.Fields }

func (c *bodyCheck) add(field, reason string) {
	if len(c.f) < maxFieldErrors {
		c.f.Add(field, reason)
	}
}

// text checks every string of the tree (and every key) by its path's rule
// and returns the tree with the strings normalised.
func (c *bodyCheck) text(v any, path string) any {
	switch v := v.(type) {
	case string:
		s, why := textcheck.For(path).Check(v)
		if why != "" {
			c.add(orBody(path), apperr.KeyArgs(why, textcheck.Label(path)))
		}
		return s
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			key, why := textcheck.Name.Check(k)
			if why != "" {
				c.add(orBody(path), apperr.KeyArgs(why, "input.label.key"))
				continue
			}
			out[key] = c.text(x, join(path, key))
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = c.text(x, path+"["+strconv.Itoa(i)+"]")
		}
	}
	return v
}

// shape refuses the fields of objects that the Go type t has no field for.
func (c *bodyCheck) shape(v any, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if custom(t) {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		known := fieldsOf(t)
		var echoed []string
		if e, ok := reflect.New(t).Interface().(Echoed); ok {
			echoed = e.Echoed()
		}
		for k, x := range m {
			if ft, ok := lookup(known, k); ok {
				c.shape(x, ft, join(path, k))
			} else if slices.Contains(echoed, k) {
				delete(m, k)
			} else {
				c.add(join(path, k), "input.unknown_field")
			}
		}
	case reflect.Slice, reflect.Array:
		if list, ok := v.([]any); ok {
			for i, x := range list {
				c.shape(x, t.Elem(), path+"["+strconv.Itoa(i)+"]")
			}
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok {
			for k, x := range m {
				c.shape(x, t.Elem(), join(path, k))
			}
		}
	}
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// custom reports whether t reads its own JSON, so that its shape is its own.
func custom(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return t.Implements(jsonUnmarshaler) || p.Implements(jsonUnmarshaler) || p.Implements(textUnmarshaler)
}

// fieldsOf maps the JSON names of a struct's fields to their types, the
// fields of embedded structs included (the outer one wins a name, as in
// encoding/json).
func fieldsOf(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if name == "" && f.Anonymous && ft.Kind() == reflect.Struct {
			embedded = append(embedded, ft)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	for _, et := range embedded {
		for name, ft := range fieldsOf(et) {
			if _, ok := out[name]; !ok {
				out[name] = ft
			}
		}
	}
	return out
}

// lookup finds a body's key among a struct's fields as encoding/json does:
// the exact name, else one that differs only in case.
func lookup(known map[string]reflect.Type, key string) (reflect.Type, bool) {
	if t, ok := known[key]; ok {
		return t, true
	}
	for name, t := range known {
		if strings.EqualFold(name, key) {
			return t, true
		}
	}
	return nil, false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orBody(path string) string {
	if path == "" {
		return "body"
	}
	return path
}
