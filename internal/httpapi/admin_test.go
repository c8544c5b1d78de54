package httpapi_test

import (
	"strconv"
	"testing"

	"evalcred/internal/apptest"
)

func TestAdministratorManagesOfficials(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Login("admin")
		newUser := map[string]string{"username": "yueyang", "password": "long-enough", "name": "岳阳市审核员", "role": "local_reviewer", "region_code": "430600"}
		if r := e.Call("POST", "/api/v1/users", admin, newUser); r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		tok := e.Login("yueyang", "long-enough")
		// Outside the administrator's province, a ministry account, or by a reviewer: refused.
		if r := e.Call("POST", "/api/v1/users", admin, map[string]string{"username": "bj1", "password": "long-enough", "role": "local_reviewer", "region_code": "110105"}); r.Status != 422 || r.ErrorFields()["region_code"] == nil {
			t.Errorf("outside region: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", "/api/v1/users", admin, map[string]string{"username": "m2", "password": "long-enough", "role": "ministry", "region_code": "430000"}); r.Status != 422 {
			t.Errorf("ministry account: %d", r.Status)
		}
		if r := e.Call("POST", "/api/v1/users", e.Login("hunan"), newUser); r.Status != 403 {
			t.Errorf("reviewer creating users: %d", r.Status)
		}
		var list struct {
			Items []struct {
				ID       int64
				Username string
			}
		}
		e.JSON("GET", "/api/v1/users", admin, nil, &list)
		var id int64
		for _, u := range list.Items {
			if u.Username == "yueyang" {
				id = u.ID
			}
			if u.Username == "mof" {
				t.Errorf("the ministry account is outside the province's list")
			}
		}
		if id == 0 {
			t.Fatal("new user not listed")
		}
		if r := e.Call("POST", "/api/v1/users/"+itoa(id)+"/deactivate", admin, nil); r.Status != 200 {
			t.Fatalf("deactivate: %d", r.Status)
		}
		if r := e.Call("GET", "/api/v1/me", tok, nil); r.Status != 401 {
			t.Errorf("a switched-off account's token still works: %d", r.Status)
		}
		if r := e.Call("POST", "/api/v1/users/"+itoa(id)+"/deactivate", admin, nil); r.Status != 409 {
			t.Errorf("deactivating twice: %d", r.Status)
		}
	})
}

func TestAdministratorAdoptsPolicyVersions(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Login("admin")
		body := map[string]any{"key": "review.level1_due_workdays", "value": 3, "effective_from": "2027-01-01", "note": "2027 rules"}
		if r := e.Call("POST", "/api/v1/policies", admin, body); r.Status != 201 {
			t.Fatalf("adopt: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", "/api/v1/policies", admin, body); r.Status != 409 {
			t.Errorf("same key and date twice: %d", r.Status)
		}
		if r := e.Call("POST", "/api/v1/policies", admin, map[string]any{"key": "review.level1_due_workdays", "value": "soon", "effective_from": "2027-02-01"}); r.Status != 422 || r.ErrorFields()["value"] == nil {
			t.Errorf("wrong shape: %d %s", r.Status, r.Body)
		}
		var cur struct {
			Items []struct {
				Key       string
				Value     any
				Scheduled *struct{ Value any }
			}
		}
		e.JSON("GET", "/api/v1/policies?on=2026-12-31", admin, nil, &cur)
		found := false
		for _, it := range cur.Items {
			if it.Key == "review.level1_due_workdays" {
				found = true
				if it.Value != float64(2) || it.Scheduled == nil || it.Scheduled.Value != float64(3) {
					t.Errorf("entry = %+v", it)
				}
			}
		}
		if !found {
			t.Error("key missing from the list")
		}
		if r := e.Call("GET", "/api/v1/policies", e.Login("furong"), nil); r.Status != 403 {
			t.Errorf("county reviewer reading policy admin: %d", r.Status)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
