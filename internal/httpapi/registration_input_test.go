package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/ident/identtest"
	"evalcred/internal/xlsx"
)

// count returns the number of rows of table.
func count(t *testing.T, e *apptest.Env, table string) int {
	t.Helper()
	var n int
	if err := e.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Every published USCC is accepted at POST /registrations. The requests run
// eight at a time: each hashes a password on purpose slowly.
func TestEveryValidUSCCIsAccepted(t *testing.T) {
	codes := identtest.Lines(t, "uscc-valid.txt")
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		var wg sync.WaitGroup
		sem := make(chan struct{}, 8)
		fails := make(chan string, len(codes))
		for i, code := range codes {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				in := registration("430102")
				in["uscc"], in["username"] = code, fmt.Sprintf("uscc%d", i)
				b, _ := json.Marshal(in)
				res, err := e.Server.Client().Post(e.Server.URL+"/api/v1/registrations", "application/json", bytes.NewReader(b))
				if err != nil {
					fails <- code + ": " + err.Error()
					return
				}
				res.Body.Close()
				if res.StatusCode != 201 {
					fails <- fmt.Sprintf("%s: %d", code, res.StatusCode)
				}
			}()
		}
		wg.Wait()
		close(fails)
		for f := range fails {
			t.Errorf("refused: %s", f)
		}
		if n := count(t, e, "registrations"); n != len(codes) {
			t.Errorf("%d registrations, want %d", n, len(codes))
		}
	})
}

// Any single-character change to a valid USCC is refused with 422 naming
// uscc (GB 32100's check character catches every substitution), and nothing
// is stored.
func TestSingleCharacterChangesOfAUSCCAreRefused(t *testing.T) {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	codes := identtest.Lines(t, "uscc-valid.txt")
	sample := []string{codes[0], codes[len(codes)/2], codes[len(codes)-1]}
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		tried := 0
		for _, code := range sample {
			for pos := range 18 {
				for _, c := range alphabet + "IOZ" {
					if byte(c) == code[pos] {
						continue
					}
					bad := code[:pos] + string(c) + code[pos+1:]
					in := registration("430102")
					in["uscc"] = bad
					r := e.Call("POST", "/api/v1/registrations", "", in)
					if r.Status != 422 || r.ErrorFields()["uscc"] == nil {
						t.Fatalf("%s (from %s): %d %s", bad, code, r.Status, r.Body)
					}
					tried++
				}
			}
		}
		if n := count(t, e, "institutions"); n != 0 {
			t.Errorf("%d institutions stored after %d refusals", n, tried)
		}
	})
}

// Bad input gets the documented error and changes nothing.
func TestRegistrationBadInput(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		good := registration("430102")
		with := func(k string, v any) map[string]any {
			m := registration("430102")
			m[k] = v
			return m
		}
		cases := []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"malformed JSON", `{"uscc": "91`, 400, ""},
			{"empty body", ``, 400, ""},
			{"wrong type", with("region_code", 430102), 422, "region_code"},
			{"unknown region", with("region_code", "439999"), 422, "region_code"},
			{"province is not a home region", with("region_code", "430000"), 422, "region_code"},
			{"unknown type", with("type", "bank"), 422, "type"},
			{"bad e-mail", with("contact_email", "nope"), 422, "contact_email"},
			{"short password", with("password", "short"), 422, "password"},
		}
		for _, c := range cases {
			r := e.Call("POST", "/api/v1/registrations", "", c.body)
			if r.Status != c.status || (c.field != "" && r.ErrorFields()[c.field] == nil) {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		if n := count(t, e, "institutions"); n != 0 {
			t.Fatalf("bad input stored %d institutions", n)
		}
		if r := e.Call("POST", "/api/v1/registrations", "", good); r.Status != 201 {
			t.Fatalf("good: %d %s", r.Status, r.Body)
		}
		again := registration("430102")
		again["uscc"] = good["uscc"]
		if r := e.Call("POST", "/api/v1/registrations", "", again); r.Status != 409 || r.ErrorFields()["uscc"] == nil {
			t.Errorf("duplicate USCC: %d %s", r.Status, r.Body)
		}
		if n := count(t, e, "institutions"); n != 1 {
			t.Errorf("%d institutions after a duplicate, want 1", n)
		}
	})
}

// A reviewer sees only the registrations of its region, rejects with a
// reason (required), and exports the list as a spreadsheet.
func TestRegistrationQueueRejectAndExport(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		var ids []int64
		for _, region := range []string{"430102", "430103", "430202"} {
			var reg struct{ ID int64 }
			if st := e.JSON("POST", "/api/v1/registrations", "", registration(region), &reg); st != 201 {
				t.Fatalf("register in %s: %d", region, st)
			}
			ids = append(ids, reg.ID)
		}
		var list struct{ Items []struct{ ID int64 } }
		e.JSON("GET", "/api/v1/registrations?state=pending", e.Login("changsha"), nil, &list)
		if len(list.Items) != 2 {
			t.Errorf("changsha sees %d pending, want 2", len(list.Items))
		}
		e.JSON("GET", "/api/v1/registrations?state=pending", e.Login("furong"), nil, &list)
		if len(list.Items) != 1 || list.Items[0].ID != ids[0] {
			t.Errorf("furong sees %+v", list.Items)
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/registrations/%d/approve", ids[2]), e.Login("changsha"), nil); r.Status != 404 {
			t.Errorf("changsha approving a Zhuzhou registration: %d, want 404", r.Status)
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/registrations/%d/reject", ids[1]), e.Login("changsha"), map[string]string{"reason": " "}); r.Status != 422 {
			t.Errorf("reject without reason: %d", r.Status)
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/registrations/%d/reject", ids[1]), e.Login("changsha"), map[string]string{"reason": "营业执照与名称不符"}); r.Status != 200 || r.Map()["state"] != "rejected" {
			t.Errorf("reject: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/registrations/%d/approve", ids[1]), e.Login("changsha"), nil); r.Status != 409 {
			t.Errorf("approve after reject: %d, want 409", r.Status)
		}
		r := e.Call("GET", "/api/v1/registrations?state=pending&format=xlsx", e.Login("changsha"), nil)
		if r.Status != 200 || r.Header.Get("Content-Type") != xlsx.ContentType {
			t.Fatalf("export: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		if rows := apptest.ReadXLSX(t, r.Body); len(rows) != 2 || rows[0][1] != "统一社会信用代码" {
			t.Errorf("export rows %v", rows)
		}
		if r := e.Call("POST", "/api/v1/registrations/1/approve", "", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("approve without login: %d", r.Status)
		}
	})
}
