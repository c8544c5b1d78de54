package httpapi_test

import (
	"fmt"
	"sync"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/xlsx"
)

// A Zhuzhou reviewer gets 404 for a Changsha institution, its filing, its
// versions and diff, its attachments and its review task, exactly as for
// records that do not exist.
func TestOutOfRegionIsNotFound(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		instID, tok := submitted(t, e, "430102", "furong")
		task := openTask(t, e, "furong", instID)
		zz := e.Login("zhuzhou")
		for _, p := range []string{
			fmt.Sprintf("/api/v1/institutions/%d", instID),
			fmt.Sprintf("/api/v1/institutions/%d/filing", instID),
			fmt.Sprintf("/api/v1/institutions/%d/filings", instID),
			fmt.Sprintf("/api/v1/institutions/%d/filings/1", instID),
			fmt.Sprintf("/api/v1/institutions/%d/filings/1/diff", instID),
			fmt.Sprintf("/api/v1/institutions/%d/attachments", instID),
			fmt.Sprintf("/api/v1/institutions/%d/reviews", instID),
			fmt.Sprintf("/api/v1/reviews/%d", task),
			"/api/v1/reviews/999999",
		} {
			if r := e.Call("GET", p, zz, nil); r.Status != 404 {
				t.Errorf("zhuzhou GET %s: %d, want 404", p, r.Status)
			}
		}
		if r := decide(e, "zhuzhou", task, "approve", nil); r.Status != 404 {
			t.Errorf("zhuzhou deciding: %d, want 404", r.Status)
		}
		var list struct{ Items []any }
		e.JSON("GET", "/api/v1/institutions", zz, nil, &list)
		e.JSON("GET", "/api/v1/reviews?state=open", zz, nil, &list)
		if len(list.Items) != 0 {
			t.Errorf("zhuzhou queue: %v", list.Items)
		}
		// The institution sees its own versions but no other's filing.
		other, _ := registerApproved(t, e, "430102", "furong")
		if r := e.Call("GET", fmt.Sprintf("/api/v1/institutions/%d/filing", other), tok, nil); r.Status != 404 {
			t.Errorf("another institution's filing: %d", r.Status)
		}
		if r := e.Call("GET", "/api/v1/reviews", tok, nil); r.Status != 403 {
			t.Errorf("institution reading the queue: %d, want 403", r.Status)
		}
	})
}

// Two reviewers deciding one task at once: exactly one wins, the other gets
// 409, and the filing moved once.
func TestConcurrentDecisionsOneWins(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		instID, _ := submitted(t, e, "430102", "furong")
		task := openTask(t, e, "furong", instID)
		e.Login("changsha")
		e.Login("furong")
		statuses := make([]int, 2)
		var wg sync.WaitGroup
		for i, who := range []string{"furong", "changsha"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				dec := "approve"
				var comments map[string]string
				if i == 1 {
					dec, comments = "return", map[string]string{"institution": "地址有误"}
				}
				statuses[i] = decide(e, who, task, dec, comments).Status
			}()
		}
		wg.Wait()
		if !(statuses[0] == 200 && statuses[1] == 409 || statuses[0] == 409 && statuses[1] == 200) {
			t.Fatalf("statuses %v, want one 200 and one 409", statuses)
		}
		var n int
		if err := e.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM review_tasks WHERE institution_id = ? AND state <> 'open'", instID).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d decided tasks (%v), want 1", n, err)
		}
	})
}

// The queue filters by level and overdue, pages, and exports; the dashboard
// counts per child region.
func TestQueueFiltersExportAndDashboard(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		for range 3 {
			submitted(t, e, "430102", "furong")
		}
		var q struct {
			Items []struct{ ID int64 }
			Total int
		}
		e.JSON("GET", "/api/v1/reviews?state=open&limit=2", e.Login("changsha"), nil, &q)
		if q.Total != 3 || len(q.Items) != 2 {
			t.Errorf("page: %d items of %d", len(q.Items), q.Total)
		}
		e.JSON("GET", "/api/v1/reviews?state=open&overdue=1", e.Login("changsha"), nil, &q)
		if q.Total != 0 {
			t.Errorf("overdue before the due date: %d", q.Total)
		}
		e.Clock.Advance(7 * 24 * 3600 * 1e9)
		// A week on, the sessions have expired: log in afresh.
		e.Login("changsha", "demo12345")
		e.Login("hunan", "demo12345")
		e.JSON("GET", "/api/v1/reviews?state=open&overdue=1", e.Login("changsha"), nil, &q)
		if q.Total != 3 {
			t.Errorf("overdue a week later: %d", q.Total)
		}
		e.JSON("GET", "/api/v1/reviews?state=open&level=2", e.Login("changsha"), nil, &q)
		if q.Total != 0 {
			t.Errorf("level 2 for a city reviewer: %d", q.Total)
		}
		r := e.Call("GET", "/api/v1/reviews?state=open&format=xlsx", e.Login("changsha"), nil)
		if r.Status != 200 || r.Header.Get("Content-Type") != xlsx.ContentType {
			t.Errorf("queue export: %d", r.Status)
		}
		r = e.Call("GET", "/api/v1/institutions?format=xlsx&filing_state=level1", e.Login("changsha"), nil)
		if r.Status != 200 || r.Header.Get("Content-Type") != xlsx.ContentType {
			t.Errorf("institution export: %d", r.Status)
		}
		var insts struct {
			Items []struct{ ID int64 }
			Total int
		}
		e.JSON("GET", "/api/v1/institutions?filing_state=level1&q=星辰", e.Login("hunan"), nil, &insts)
		if insts.Total != 3 {
			t.Errorf("hunan's institutions at level 1 named 星辰: %d", insts.Total)
		}
		var dash struct {
			Total    struct{ ReviewsPending, ReviewsOverdue int } `json:"total"`
			Children []struct {
				RegionCode     string `json:"region_code"`
				ReviewsPending int    `json:"reviews_pending"`
				ReviewsOverdue int    `json:"reviews_overdue"`
			}
		}
		if st := e.JSON("GET", "/api/v1/dashboard", e.Login("hunan"), nil, &dash); st != 200 {
			t.Fatalf("dashboard: %d", st)
		}
		for _, c := range dash.Children {
			if c.RegionCode == "430100" && (c.ReviewsPending != 3 || c.ReviewsOverdue != 3) {
				t.Errorf("Changsha on the dashboard: %+v", c)
			}
		}
		if r := e.Call("GET", "/api/v1/dashboard", "", nil); r.Status != 401 {
			t.Errorf("dashboard without login: %d", r.Status)
		}
	})
}
