package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/filing"
	"evalcred/internal/logging"
)

// The whole filing flow over the API: register, approve the registration, log in as
// the institution, fill the filing with an attachment, submit, approve at
// level 1 and level 2, and find the institution approved in the public
// query by part of its name and by its USCC. The log of all of it holds no
// full ID number.
func TestFilingFlowThroughTheAPI(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		var logs bytes.Buffer
		prev := slog.Default()
		slog.SetDefault(logging.New(&logs, "text", slog.LevelDebug))
		defer slog.SetDefault(prev)

		instID, tok := registerApproved(t, e, "430102", "furong")
		draft := fillFiling(t, e, tok, instID)
		if v := submit(t, e, tok, instID); v != 1 {
			t.Fatalf("first version %d", v)
		}
		// Under review the draft is read-only.
		if r := e.Call("PUT", fmt.Sprintf("/api/v1/institutions/%d/filing", instID), tok, draft); r.Status != 409 {
			t.Errorf("save under review: %d, want 409", r.Status)
		}
		task := openTask(t, e, "changsha", instID)
		var view struct {
			Task     struct{ Level int }
			Version  struct{ Document filing.Document }
			Diff     struct{ Changes []filing.Change }
			Warnings []any
		}
		if st := e.JSON("GET", fmt.Sprintf("/api/v1/reviews/%d", task), e.Login("changsha"), nil, &view); st != 200 {
			t.Fatalf("review view: %d", st)
		}
		if view.Task.Level != 1 || len(view.Diff.Changes) == 0 || view.Version.Document.LegalRepresentative.IDNumber != draft.LegalRepresentative.IDNumber || view.Warnings == nil {
			t.Errorf("review view: level %d, %d changes, warnings %v", view.Task.Level, len(view.Diff.Changes), view.Warnings)
		}
		if r := decide(e, "changsha", task, "approve", nil); r.Status != 200 {
			t.Fatalf("level 1: %d %s", r.Status, r.Body)
		}
		// Level 1 reviewers cannot take the level-2 task.
		task2 := openTask(t, e, "hunan", instID)
		if r := decide(e, "furong", task2, "approve", nil); r.Status != 404 {
			t.Errorf("furong deciding level 2: %d, want 404", r.Status)
		}
		if r := decide(e, "hunan", task2, "approve", map[string]string{"general": "材料齐全"}); r.Status != 200 {
			t.Fatalf("level 2: %d %s", r.Status, r.Body)
		}
		var versions struct{ Items []filing.VersionInfo }
		if e.JSON("GET", fmt.Sprintf("/api/v1/institutions/%d/filings", instID), tok, nil, &versions); len(versions.Items) != 1 || versions.Items[0].State != "approved" {
			t.Errorf("versions %+v", versions.Items)
		}
		name := draft.Institution.Name
		var found struct {
			Items []struct {
				USCC           string `json:"uscc"`
				FilingApproved bool   `json:"filing_approved"`
			}
		}
		part := string([]rune(name)[2:8]) // 星辰绩效评价: from the middle of the name
		if st := e.JSON("GET", "/api/v1/public/institutions?q="+part, "", nil, &found); st != 200 || len(found.Items) == 0 || !found.Items[0].FilingApproved {
			t.Fatalf("public search %q: %d %+v", part, st, found.Items)
		}
		r := e.Call("GET", "/api/v1/public/institutions/"+found.Items[0].USCC, "", nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), name) || strings.Contains(string(r.Body), draft.LegalRepresentative.IDNumber) {
			t.Errorf("public institution: %d %s", r.Status, r.Body)
		}
		if ids := fullIDs(logs.String(), draft); len(ids) > 0 {
			t.Errorf("the log holds full ID numbers %v", ids)
		}
		if logs.Len() == 0 {
			t.Error("captured no log at all")
		}
	})
}

// fullIDs returns the ID numbers of d that appear unmasked in s.
func fullIDs(s string, d filing.Draft) []string {
	var out []string
	ids := []string{d.LegalRepresentative.IDNumber}
	for _, p := range append(d.LeadEvaluators, d.Practitioners...) {
		ids = append(ids, p.IDNumber)
	}
	for _, id := range ids {
		if id != "" && strings.Contains(s, id) {
			out = append(out, id)
		}
	}
	if m := regexp.MustCompile(`\b[1-9]\d{16}[\dXx]\b`).FindAllString(s, -1); len(m) > 0 {
		out = append(out, m...)
	}
	return out
}

// The return path: level 1 returns with a comment per section, the
// institution reads it, corrects, resubmits a new version whose diff shows
// what changed since the last approved version (none yet: everything), and
// after approval an update's diff shows just the changed field.
func TestReturnResubmitAndDiff(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		instID, tok := registerApproved(t, e, "430102", "changsha")
		d := fillFiling(t, e, tok, instID)
		submit(t, e, tok, instID)
		task := openTask(t, e, "furong", instID)
		if r := decide(e, "furong", task, "return", nil); r.Status != 422 || r.ErrorFields()["comments"] == nil {
			t.Errorf("return without comment: %d %s", r.Status, r.Body)
		}
		comments := map[string]string{"legal_representative": "请补充法定代表人联系电话", "business_records": "金额有误"}
		if r := decide(e, "furong", task, "return", comments); r.Status != 200 {
			t.Fatalf("return: %d %s", r.Status, r.Body)
		}
		var hist struct {
			Items []struct {
				Version  int
				State    string
				Comments map[string]string
			}
		}
		if st := e.JSON("GET", fmt.Sprintf("/api/v1/institutions/%d/reviews", instID), tok, nil, &hist); st != 200 || len(hist.Items) != 1 ||
			hist.Items[0].State != "returned" || hist.Items[0].Comments["business_records"] != "金额有误" {
			t.Fatalf("history: %d %+v", st, hist.Items)
		}
		path := fmt.Sprintf("/api/v1/institutions/%d/filing", instID)
		var cur filing.Draft
		e.JSON("GET", path, tok, nil, &cur)
		cur.BusinessRecords[0].AmountFen = 8800000
		if st := e.JSON("PUT", path, tok, cur, nil); st != 200 {
			t.Fatalf("save correction: %d", st)
		}
		// A save carrying the revision it read, after someone else saved, is stale.
		if r := e.Call("PUT", path, tok, cur); r.Status != 409 {
			t.Errorf("stale save: %d, want 409", r.Status)
		}
		if v := submit(t, e, tok, instID); v != 2 {
			t.Fatalf("resubmitted version %d, want 2", v)
		}
		// By default the diff is since the last approved version (none yet);
		// ?base=returned gives the one correction since the return.
		diffOf := func(query string) (filing.DiffResult, *apptest.Response) {
			var out filing.DiffResult
			r := e.Call("GET", fmt.Sprintf("/api/v1/institutions/%d/filings/2/diff%s", instID, query), e.Login("furong"), nil)
			_ = json.Unmarshal(r.Body, &out)
			return out, r
		}
		if all, r := diffOf(""); r.Status != 200 || all.Base != filing.BaseApproved || all.BaseVersion != 0 || all.ReturnedVersion != 1 || len(all.Changes) < 10 {
			t.Errorf("default diff of the resubmission: %d base %s/%d returned %d, %d changes", r.Status, all.Base, all.BaseVersion, all.ReturnedVersion, len(all.Changes))
		}
		fix, r := diffOf("?base=returned")
		if r.Status != 200 || fix.Base != filing.BaseReturned || fix.BaseVersion != 1 || len(fix.Changes) != 1 ||
			fix.Changes[0].Path != "business_records[0].amount_fen" || fix.Names["business_records[0]"] != d.BusinessRecords[0].Project {
			t.Errorf("diff since the return: %d %+v", r.Status, fix)
		}
		if _, r := diffOf("?base=draft"); r.Status != 422 || r.ErrorFields()["base"] == nil {
			t.Errorf("an unknown base: %d %s", r.Status, r.Body)
		}
		approveBoth(t, e, instID, "furong")
		// An update after approval: only the changed field is in the diff.
		e.JSON("GET", path, tok, nil, &cur)
		cur.Institution.Address = "长沙市芙蓉区韶山北路1号"
		if st := e.JSON("PUT", path, tok, cur, nil); st != 200 {
			t.Fatalf("save update: %d", st)
		}
		submit(t, e, tok, instID)
		var diff filing.DiffResult
		if st := e.JSON("GET", fmt.Sprintf("/api/v1/institutions/%d/filings/3/diff", instID), e.Login("furong"), nil, &diff); st != 200 {
			t.Fatalf("diff: %d", st)
		}
		if diff.BaseVersion != 2 || len(diff.Changes) != 1 || diff.Changes[0].Path != "institution.address" || diff.Changes[0].After != "长沙市芙蓉区韶山北路1号" {
			t.Errorf("diff of the update: %+v", diff)
		}
		var versions struct{ Items []filing.VersionInfo }
		e.JSON("GET", fmt.Sprintf("/api/v1/institutions/%d/filings", instID), tok, nil, &versions)
		states := []string{}
		for _, v := range versions.Items {
			states = append(states, fmt.Sprintf("%d:%s", v.Version, v.State))
		}
		if strings.Join(states, ",") != "3:level1,2:approved,1:returned" {
			t.Errorf("versions %v", states)
		}
		_ = d
	})
}

// approveBoth approves the institution's open level-1 task as local and the
// level-2 task as hunan.
func approveBoth(t *testing.T, e *apptest.Env, instID int64, local string) {
	t.Helper()
	if r := decide(e, local, openTask(t, e, local, instID), "approve", nil); r.Status != 200 {
		t.Fatalf("level 1: %d %s", r.Status, r.Body)
	}
	if r := decide(e, "hunan", openTask(t, e, "hunan", instID), "approve", nil); r.Status != 200 {
		t.Fatalf("level 2: %d %s", r.Status, r.Body)
	}
}

// A filing approved with a new name renames the institution, and the public
// search finds it by part of the new name at once: the approval updates the
// name index in its own transaction (review.Service.OnName).
func TestApprovedRenameIsSearchable(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		instID, tok := registerApproved(t, e, "430102", "furong")
		d := fillFiling(t, e, tok, instID)
		d.Institution.Name = "湖南新桥绩效研究院有限公司"
		path := fmt.Sprintf("/api/v1/institutions/%d/filing", instID)
		if st := e.JSON("PUT", path, tok, d, nil); st != 200 {
			t.Fatalf("rename in draft: %d", st)
		}
		submit(t, e, tok, instID)
		var found struct{ Items []struct{ Name string } }
		e.JSON("GET", "/api/v1/public/institutions?q=新桥绩效", "", nil, &found)
		if len(found.Items) != 0 {
			t.Fatalf("found by the new name before approval: %+v", found.Items)
		}
		approveBoth(t, e, instID, "furong")
		e.JSON("GET", "/api/v1/public/institutions?q=新桥绩效", "", nil, &found)
		if len(found.Items) != 1 || found.Items[0].Name != "湖南新桥绩效研究院有限公司" {
			t.Errorf("after approval: %+v", found.Items)
		}
	})
}
