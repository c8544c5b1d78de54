package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/xlsx"
)

// askerIn430102 creates an approved institution in Furong district and
// returns the bearer token of its user.
func askerIn430102(t *testing.T, e *apptest.Env) (string, int64) {
	t.Helper()
	instID, user := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
	return e.Login(user.Username, registrytest.Password), instID
}

type question struct {
	ID           int64  `json:"id"`
	State        string `json:"state"`
	HolderRegion string `json:"holder_region"`
	Answer       string `json:"answer"`
	History      []struct {
		Kind, FromRegion, ToRegion, Note string
	} `json:"history"`
}

func getQuestion(t *testing.T, e *apptest.Env, tok string, id int64) (question, int) {
	t.Helper()
	var q question
	r := e.Call("GET", fmt.Sprintf("/api/v1/questions/%d", id), tok, nil)
	if r.Status == 200 {
		_ = json.Unmarshal(r.Body, &q)
	}
	return q, r.Status
}

func ask(t *testing.T, e *apptest.Env, tok, text string) int64 {
	t.Helper()
	var out struct {
		ID    int64
		State string
	}
	if st := e.JSON("POST", "/api/v1/questions", tok, map[string]any{"category": "filing", "text": text}, &out); st != 201 || out.State != "open" {
		t.Fatalf("ask: %d %+v", st, out)
	}
	return out.ID
}

func TestQuestionAnsweredByItsCounty(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		inst, _ := askerIn430102(t, e)
		id := ask(t, e, inst, "主评人离职后如何变更信息填报？")
		q, _ := getQuestion(t, e, inst, id)
		if q.HolderRegion != "430102" {
			t.Fatalf("held by %s, want 430102", q.HolderRegion)
		}
		// The city sees it but does not answer over the county's head.
		if r := e.Call("POST", fmt.Sprintf("/api/v1/questions/%d/answer", id), e.Login("changsha"), map[string]string{"text": "答复"}); r.Status != 403 {
			t.Fatalf("city answering a county's question: %d", r.Status)
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/questions/%d/answer", id), e.Login("furong"), map[string]string{"text": "在信息填报中修改主评人后重新提交即可。"}); r.Status != 200 {
			t.Fatalf("answer: %d %s", r.Status, r.Body)
		}
		q, _ = getQuestion(t, e, inst, id)
		if q.State != "answered" || q.Answer == "" || len(q.History) != 2 || q.History[1].Kind != "answered" {
			t.Fatalf("after answer: %+v", q)
		}
		if _, st := getQuestion(t, e, e.Login("zhuzhou"), id); st != 404 {
			t.Errorf("zhuzhou sees it: %d", st)
		}
		var notes struct{ Items []struct{ Kind string } }
		e.JSON("GET", "/api/v1/notifications", inst, nil, &notes)
		if len(notes.Items) == 0 || notes.Items[0].Kind != "notice.question_answered" {
			t.Errorf("asker not notified: %+v", notes.Items)
		}
	})
}

func TestQuestionEscalatedToTheMinistry(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		inst, _ := askerIn430102(t, e)
		id := ask(t, e, inst, "跨省禁入的认定标准是什么？")
		steps := []struct{ who, to string }{{"furong", "430100"}, {"changsha", "430000"}, {"hunan", "000000"}}
		for i, s := range steps {
			r := e.Call("POST", fmt.Sprintf("/api/v1/questions/%d/escalate", id), e.Login(s.who), map[string]string{"note": "本级无权解释，请上级答复"})
			if r.Status != 200 {
				t.Fatalf("%s escalates: %d %s", s.who, r.Status, r.Body)
			}
			q, st := getQuestion(t, e, inst, id)
			if st != 200 || q.HolderRegion != s.to || len(q.History) != i+2 || q.History[i+1].Kind != "escalated" || q.History[i+1].Note == "" {
				t.Fatalf("after %s: %d %+v", s.who, st, q)
			}
			if _, st := getQuestion(t, e, e.Login("zhuzhou"), id); st != 404 {
				t.Fatalf("zhuzhou sees it after %s: %d", s.who, st)
			}
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/questions/%d/answer", id), e.Login("mof"), map[string]string{"text": "按财监〔2021〕4号执行。"}); r.Status != 200 {
			t.Fatalf("mof answers: %d %s", r.Status, r.Body)
		}
		q, _ := getQuestion(t, e, inst, id)
		if q.State != "answered" || len(q.History) != 5 {
			t.Fatalf("final: %+v", q)
		}
		// The county that escalated still follows its question.
		if _, st := getQuestion(t, e, e.Login("furong"), id); st != 200 {
			t.Errorf("furong after escalation: %d", st)
		}
	})
}

func TestTwoAnswersAtOnceOneWins(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		// A question of furong's own goes to Changsha; two Changsha officials answer.
		id := ask(t, e, e.Login("furong"), "区县能否直接认定机构信用等级？")
		other := registrytest.Official(t, e.DB, e.Clock, "local_reviewer", "430100")
		toks := []string{e.Login("changsha"), e.Login(other.Username, registrytest.Password)}
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i, tok := range toks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = e.Call("POST", fmt.Sprintf("/api/v1/questions/%d/answer", id), tok, map[string]string{"text": fmt.Sprintf("答复%d", i)}).Status
			}()
		}
		wg.Wait()
		if !(statuses[0] == 200 && statuses[1] == 409 || statuses[0] == 409 && statuses[1] == 200) {
			t.Fatalf("statuses %v, want one 200 and one 409", statuses)
		}
	})
}

func TestQuestionsExportMatchesTheList(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		inst, _ := askerIn430102(t, e)
		ask(t, e, inst, "第一个问题：如何上传营业执照？")
		ask(t, e, inst, "第二个问题：信用修复需要什么材料？")
		tok := e.Login("furong")
		var list struct{ Items []struct{ ID int64 } }
		e.JSON("GET", "/api/v1/questions?state=open", tok, nil, &list)
		r := e.Call("GET", "/api/v1/questions?state=open&format=xlsx", tok, nil)
		if r.Status != 200 || r.Header.Get("Content-Type") != xlsx.ContentType {
			t.Fatalf("export: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		rows := apptest.ReadXLSX(t, r.Body)
		if len(rows) != len(list.Items)+1 || len(list.Items) != 2 {
			t.Fatalf("export has %d rows, list %d", len(rows), len(list.Items))
		}
		if rows[0][0] != "编号" || rows[0][2] != "问题" || rows[1][0] != fmt.Sprint(list.Items[0].ID) || !strings.Contains(rows[1][2], "信用修复") {
			t.Fatalf("rows %q", rows)
		}
		// Institution users may list their questions but not export.
		if r := e.Call("GET", "/api/v1/questions?format=xlsx", inst, nil); r.Status != 403 {
			t.Errorf("institution export: %d", r.Status)
		}
	})
}

func TestAuditLogSearchAndExport(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		inst, _ := askerIn430102(t, e)
		ask(t, e, inst, "审计日志测试问题")
		tok := e.Login("admin")
		var list struct{ Items []struct{ Action string } }
		if st := e.JSON("GET", "/api/v1/audit?action=question.asked", tok, nil, &list); st != 200 || len(list.Items) != 1 {
			t.Fatalf("audit search: %d %+v", st, list)
		}
		r := e.Call("GET", "/api/v1/audit?action=question.asked&format=xlsx", tok, nil)
		rows := apptest.ReadXLSX(t, r.Body)
		if r.Status != 200 || len(rows) != 2 || rows[0][4] != "操作" || rows[1][4] != "提出问题" {
			t.Fatalf("audit export: %d %q", r.Status, rows)
		}
		if r := e.Call("GET", "/api/v1/audit", e.Login("furong"), nil); r.Status != http.StatusForbidden {
			t.Errorf("furong reads the audit log: %d", r.Status)
		}
	})
}
