package httpapi_test

import (
	"fmt"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/indicator"
)

// A program revises a template: 201 with the new template, the original
// retired; an unbalanced tree is 422 naming the node and changes nothing;
// the retired original cannot be revised again (409); a local reviewer may
// not revise (403).
func TestReviseTemplateThroughTheAPI(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		hunan := e.Login("hunan")
		var tpl struct {
			ID int64 `json:"id"`
		}
		if st := e.JSON("POST", "/api/v1/indicator-templates", hunan,
			map[string]any{"name": "湖南模板", "indicators": indicator.Default().Indicators}, &tpl); st != 201 {
			t.Fatalf("add template: %d", st)
		}
		revise := fmt.Sprintf("/api/v1/indicator-templates/%d/revise", tpl.ID)
		bad := indicator.Default().Indicators
		bad[1].Weight += 1
		r := e.Call("POST", revise, hunan, map[string]any{"name": "湖南模板（2027）", "indicators": bad})
		if r.Status != 422 || r.ErrorFields()["indicators"] == nil {
			t.Fatalf("unbalanced tree: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", revise, e.Login("changsha"), map[string]any{"name": "x", "indicators": indicator.Default().Indicators}); r.Status != 403 {
			t.Errorf("local reviewer revises: %d", r.Status)
		}
		good := indicator.Default().Indicators
		good[0].Children[0].Name = "立项依据"
		var rev struct {
			ID         int64  `json:"id"`
			Name       string `json:"name"`
			Indicators []struct {
				Children []struct{ Name string } `json:"children"`
			} `json:"indicators"`
		}
		if st := e.JSON("POST", revise, hunan, map[string]any{"name": "湖南模板（2027）", "indicators": good}, &rev); st != 201 ||
			rev.ID == tpl.ID || rev.Name != "湖南模板（2027）" || rev.Indicators[0].Children[0].Name != "立项依据" {
			t.Fatalf("revise: %d %+v", st, rev)
		}
		if r := e.Call("POST", revise, hunan, map[string]any{"name": "再改", "indicators": good}); r.Status != 409 {
			t.Errorf("revise the retired original: %d", r.Status)
		}
		var list struct {
			Items []struct {
				ID        int64   `json:"id"`
				RetiredAt *string `json:"retired_at"`
			} `json:"items"`
		}
		if st := e.JSON("GET", "/api/v1/indicator-templates", hunan, nil, &list); st != 200 || len(list.Items) != 3 ||
			list.Items[1].ID != tpl.ID || list.Items[1].RetiredAt == nil || list.Items[2].ID != rev.ID || list.Items[2].RetiredAt != nil {
			t.Errorf("library: %d %+v", st, list.Items)
		}
	})
}
