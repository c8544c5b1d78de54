package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/db"
)

// An approved repair takes the record off the public page, the ban off the
// ban list and out of its export, all at once.
func TestApprovedRepairStopsPublicationAtOnce(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		id := w.proposeBan(t)
		rec := fmt.Sprintf("/api/v1/credit-records/%d", id)
		w.post(t, w.A.Token, rec+"/accept", nil, 200)
		repair := map[string]any{"explanation": "已全面整改", "pledge": true}
		w.post(t, w.A.Token, rec+"/repair", repair, 409) // before the minimum publication period
		w.on(w.record(t, id).RepairEarliest)
		if len(w.public(t, w.A).Records) != 1 || !w.banned(t, w.A) || !bansExportHas(t, e, w.A.Name) {
			t.Fatal("not public before the repair")
		}
		token := e.Login(w.A.User, "test-password-1")
		w.post(t, token, rec+"/repair", map[string]any{"explanation": "已全面整改"}, 422) // no pledge
		w.post(t, token, rec+"/repair", repair, 200)
		w.post(t, w.relogin(), rec+"/repair/decision", map[string]string{"decision": "approved", "comment": "整改到位"}, 200)
		if p := w.public(t, w.A); len(p.Records) != 0 || len(p.Restrictions) != 0 || p.Status != "active" {
			t.Fatalf("public page after the repair: %+v", p)
		}
		if w.banned(t, w.A) || bansExportHas(t, e, w.A.Name) {
			t.Fatal("still on the ban list or its export after the repair")
		}
		if got := w.record(t, id); got.State != "repaired" || got.Published {
			t.Fatalf("record after the repair: %+v", got)
		}
	})
}

// bansExportHas reports whether the public ban list's spreadsheet names name.
func bansExportHas(t *testing.T, e *apptest.Env, name string) bool {
	t.Helper()
	r := e.Call("GET", "/api/v1/public/bans?format=xlsx", "", nil)
	if r.Status != 200 {
		t.Fatalf("bans export: %d", r.Status)
	}
	for _, cells := range apptest.ReadXLSX(t, r.Body) {
		if len(cells) > 0 && cells[0] == name {
			return true
		}
	}
	return false
}

// The public search finds an institution by part of its name however it is
// typed (full-width letters, lower case, added spaces), and by its USCC.
func TestPublicSearchForgivesTyping(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		for _, q := range []string{"信达XY绩效", "信达ｘｙ绩效", "信达 XY　绩效", " 湖南信达ＸＹ ", strings.ToLower(w.A.USCC)} {
			var res struct {
				Items []struct{ USCC, Match string }
			}
			if st := e.JSON("GET", "/api/v1/public/institutions?q="+url.QueryEscape(q), "", nil, &res); st != 200 {
				t.Fatalf("%q: %d", q, st)
			}
			if len(res.Items) == 0 || res.Items[0].USCC != w.A.USCC {
				t.Errorf("%q: %+v", q, res.Items)
			}
		}
		var none struct{ Items []any }
		if e.JSON("GET", "/api/v1/public/institutions?q="+url.QueryEscape("不存在的机构名称"), "", nil, &none); len(none.Items) != 0 {
			t.Errorf("nonsense query: %+v", none.Items)
		}
		if r := e.Call("GET", "/api/v1/public/institutions/911100000000000000", "", nil); r.Status != 404 {
			t.Errorf("unknown USCC: %d", r.Status)
		}
	})
}

// No public response carries a person's ID number, a phone number or an
// e-mail address, whatever the institution filed.
func TestPublicResponsesCarryNoPersonalData(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		id := w.proposeBan(t)
		w.post(t, w.A.Token, fmt.Sprintf("/api/v1/credit-records/%d/accept", id), nil, 200)
		secrets := []string{"13800138000", "0731-88886666", "88886666", "@firm.example.cn", "@czt.example.cn", "@demo.evalcred.invalid"}
		ids, err := db.Strings(context.Background(), e.DB, "id numbers", "SELECT id_number FROM persons")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ids {
			secrets = append(secrets, s, s[len(s)-8:])
		}
		if len(secrets) < 8 {
			t.Fatalf("the filings named no people: %v", secrets)
		}
		for _, path := range []string{"/api/v1/public/institutions?q=" + url.QueryEscape("信达"), "/api/v1/public/institutions?q=" + w.B.USCC,
			"/api/v1/public/institutions/" + w.A.USCC, "/api/v1/public/institutions/" + w.B.USCC, "/api/v1/public/bans", "/api/v1/public/ledger/head"} {
			r := e.Call("GET", path, "", nil)
			if r.Status != 200 {
				t.Fatalf("%s: %d", path, r.Status)
			}
			for _, s := range secrets {
				if bytes.Contains(r.Body, []byte(s)) {
					t.Errorf("%s carries %q", path, s)
				}
			}
		}
		var head struct {
			Seq             int64
			Hash, Signature string
			PublicKey       string `json:"public_key"`
		}
		if e.JSON("GET", "/api/v1/public/ledger/head", "", nil, &head); head.Seq == 0 || head.Hash == "" || head.PublicKey == "" {
			t.Errorf("ledger head: %+v", head)
		}
	})
}
