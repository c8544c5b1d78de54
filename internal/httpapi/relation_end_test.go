package httpapi_test

import (
	"fmt"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/indicator"
)

// Ending a relation and retiring a template through the API: the answers for
// the wrong region or role (404 for a relation, as for declaring; 403 for a
// template without the permission), the second time (409), and
// the lists showing the record as ended or retired.
func TestEndRelationAndRetireTemplateAPI(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		pe := newProjectEnv(t, e)
		hunan := e.Login("hunan")
		inst := pe.firms[1].ID
		var rel struct {
			ID int64 `json:"id"`
		}
		if st := e.JSON("POST", fmt.Sprintf("/api/v1/institutions/%d/relations", inst), hunan,
			map[string]any{"organisation": "湖南省财政厅", "relation": "股东"}, &rel); st != 201 {
			t.Fatalf("declare: %d", st)
		}
		end := fmt.Sprintf("/api/v1/institutions/%d/relations/%d/end", inst, rel.ID)
		for who, want := range map[string]int{"zhuzhou": 404, "changsha": 404, pe.lead: 404} {
			if r := e.Call("POST", end, e.Login(who), nil); r.Status != want {
				t.Errorf("%s ends: %d, want %d", who, r.Status, want)
			}
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/institutions/%d/relations/%d/end", pe.firms[0].ID, rel.ID), hunan, nil); r.Status != 404 {
			t.Errorf("relation under another institution: %d", r.Status)
		}
		r := e.Call("POST", end, hunan, nil)
		if r.Status != 200 || r.Map()["ended_at"] == nil || r.Map()["ended_role"] != "provincial_reviewer" {
			t.Fatalf("end: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", end, hunan, nil); r.Status != 409 {
			t.Errorf("second end: %d", r.Status)
		}
		var list struct {
			Items []map[string]any `json:"items"`
		}
		if st := e.JSON("GET", fmt.Sprintf("/api/v1/institutions/%d/relations", inst), hunan, nil, &list); st != 200 ||
			len(list.Items) != 1 || list.Items[0]["ended_at"] == nil {
			t.Errorf("relations after the end: %d %v", st, list.Items)
		}

		var tpl struct {
			ID int64 `json:"id"`
		}
		if st := e.JSON("POST", "/api/v1/indicator-templates", hunan,
			map[string]any{"name": "湖南模板", "indicators": indicator.Default().Indicators}, &tpl); st != 201 {
			t.Fatalf("add template: %d", st)
		}
		retire := fmt.Sprintf("/api/v1/indicator-templates/%d/retire", tpl.ID)
		if r := e.Call("POST", retire, e.Login("changsha"), nil); r.Status != 403 {
			t.Errorf("local reviewer retires: %d", r.Status)
		}
		if r := e.Call("POST", "/api/v1/indicator-templates/999999/retire", hunan, nil); r.Status != 404 {
			t.Errorf("missing template: %d", r.Status)
		}
		if r := e.Call("POST", retire, hunan, nil); r.Status != 200 || r.Map()["retired_at"] == nil {
			t.Fatalf("retire: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", retire, hunan, nil); r.Status != 409 {
			t.Errorf("retire twice: %d", r.Status)
		}
		if st := e.JSON("GET", "/api/v1/indicator-templates", hunan, nil, &list); st != 200 || len(list.Items) != 2 ||
			list.Items[0]["retired_at"] != nil || list.Items[1]["retired_at"] == nil {
			t.Errorf("library: %d %v", st, list.Items)
		}
		_, p := pe.create(t, hunan)
		var ind struct {
			LockVersion int `json:"lock_version"`
		}
		e.JSON("GET", fmt.Sprintf("/api/v1/projects/%v/indicators", p["id"]), hunan, nil, &ind)
		r = e.Call("PUT", fmt.Sprintf("/api/v1/projects/%v/indicators", p["id"]), hunan, map[string]any{"template_id": tpl.ID, "lock_version": ind.LockVersion})
		if r.Status != 422 || r.ErrorFields()["template_id"] == nil {
			t.Errorf("retired template copied: %d %s", r.Status, r.Body)
		}
	})
}
