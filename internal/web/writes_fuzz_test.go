package web_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/credit"
	"evalcred/internal/filing"
	"evalcred/internal/helpdesk"
	"evalcred/internal/registry"
	"evalcred/internal/web"
)

// FuzzWriteBodies decodes any body as the bodies of representative writes
// (a registration, a credit record, a question, the filing draft): refused
// with fields named, malformed, or accepted; what is accepted encodes to a
// body that decodes to the same value.
func FuzzWriteBodies(f *testing.F) {
	seeds := []string{
		`{"uscc": "91430102MA4L0B7C2F", "name": "湖南天平会计师事务所", "type": "consulting", "region_code": "430102", "username": "firm1", "password": "firm-pass-1"}`,
		`{"institution_id": 1, "kind": "bad", "severity": "general", "category": "false_report", "facts": "一\n二", "basis": "财监〔2021〕4号"}`,
		`{"category": "filing", "text": "如何填报？", "attachment_ids": [1, 2]}`,
		`{"institution": {"name": "天平"}, "practitioners": [{"name": "王五", "id_number": "11010519491231002X"}], "revision": 0, "filing_state": "draft", "editable": true, "actions": ["edit"]}`,
		`null`, `{"name": "\u0000"}`, `{"facts": "\u202e"}`, `{"typo": 1}`, `{"institution_id": "1"}`,
	}
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s))
	}
	types := []reflect.Type{reflect.TypeFor[registry.RegistrationInput](), reflect.TypeFor[credit.ProposeInput](),
		reflect.TypeFor[helpdesk.AskInput](), reflect.TypeFor[filing.Draft]()}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		typ := types[int(which)%len(types)]
		v := reflect.New(typ).Interface()
		err := web.DecodeBody("zh", body, v)
		if err != nil {
			e := apperr.As(err)
			if e.Code != apperr.Malformed && (e.Code != apperr.Invalid || len(e.Fields) == 0) {
				t.Fatalf("%s %q: %v", typ, body, err)
			}
			return
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		back := reflect.New(typ).Interface()
		if err := web.DecodeBody("zh", again, back); err != nil {
			t.Fatalf("%s %q: round trip %s: %v", typ, body, again, err)
		}
		if twice, _ := json.Marshal(back); string(twice) != string(again) {
			t.Fatalf("%s %q: %s read back as %s", typ, body, again, twice)
		}
	})
}
