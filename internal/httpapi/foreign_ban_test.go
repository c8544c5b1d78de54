package httpapi_test

import (
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/calendar"
)

// A program records another province's ban and reads the list back, with
// whether the rule recognised it; a county reviewer may do neither.
func TestForeignBansThroughTheAPI(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		today := calendar.DateOf(e.Clock.Now())
		long := map[string]any{"institution_id": w.A.ID, "province": "440000", "starts_on": today.String(), "ends_on": today.AddDays(3 * 365).String(), "public": true, "reference": "粤财监〔2026〕3号"}
		short := map[string]any{"institution_id": w.B.ID, "province": "440000", "starts_on": today.String(), "ends_on": today.AddDays(90).String(), "public": true, "reference": "粤财监〔2026〕4号"}
		for _, body := range []map[string]any{long, short} {
			if r := e.Call("POST", "/api/v1/foreign-bans", w.hunan, body); r.Status != 201 && r.Status != 200 {
				t.Fatalf("record: %d %s", r.Status, r.Body)
			}
		}
		var list struct {
			Items []struct {
				InstitutionID int64 `json:"institution_id"`
				Recognised    bool
				Reference     string
			}
			Total int
		}
		if st := e.JSON("GET", "/api/v1/foreign-bans", w.hunan, nil, &list); st != 200 || len(list.Items) != 2 || list.Total != 2 {
			t.Fatalf("list: %d %+v", st, list)
		}
		// Paged like the other lists: ?limit= and ?offset=, the latest first.
		var second struct {
			Items []struct{ Reference string }
			Total int
		}
		if st := e.JSON("GET", "/api/v1/foreign-bans?limit=1&offset=1", w.hunan, nil, &second); st != 200 || second.Total != 2 ||
			len(second.Items) != 1 || second.Items[0].Reference != "粤财监〔2026〕3号" {
			t.Fatalf("second page: %d %+v, want the older ban and the total", st, second)
		}
		for _, it := range list.Items {
			if want := it.InstitutionID == w.A.ID; it.Recognised != want {
				t.Errorf("%s: recognised %v, want %v (a public ban longer than a year is recognised)", it.Reference, it.Recognised, want)
			}
		}
		if r := e.Call("GET", "/api/v1/foreign-bans", w.furo, nil); r.Status != 403 {
			t.Errorf("county reviewer listing: %d", r.Status)
		}
	})
}
