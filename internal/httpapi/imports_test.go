package httpapi_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"evalcred/internal/apptest"
	"evalcred/internal/ident"
	"evalcred/internal/xlsx"
)

// institutionsFile writes a filled institutions template with n rows in
// Changsha's counties; row bad (0-based, -1 for none) gets a USCC with a
// wrong check character.
func institutionsFile(t *testing.T, n, bad int, seed uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	x, err := xlsx.NewWriter(&buf, "机构", []string{"统一社会信用代码*", "名称*", "机构类型*", "所在地区*", "成立日期", "联系电话"})
	if err != nil {
		t.Fatal(err)
	}
	_ = x.WriteRow("（示例）91430102MA4L0B7C2F", "示例", "咨询机构", "430102")
	r := rand.New(rand.NewPCG(seed, 6))
	for i := range n {
		uscc := ident.GenerateUSCC(r, "430102")
		if i == bad {
			c := uscc[17]
			uscc = uscc[:17] + map[bool]string{true: "1", false: "0"}[c == '0']
		}
		_ = x.WriteRow(uscc, fmt.Sprintf("导入测试评价机构%d", i), []string{"会计师事务所", "consulting", "高等院校"}[i%3],
			[]string{"430102", "长沙市天心区", "湖南省长沙市岳麓区"}[i%3], time.Date(2010, 1, 1+i%300, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), "0731-8888"+fmt.Sprintf("%04d", i%10000))
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type importState struct {
	State       string
	Done, Total int
	Errors      []struct {
		Row            int
		Field, Message string
	}
}

func waitImport(t *testing.T, e *apptest.Env, tok string, id int64) importState {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var st importState
		if code := e.JSON("GET", fmt.Sprintf("/api/v1/imports/%d", id), tok, nil, &st); code != 200 {
			t.Fatalf("import %d: %d", id, code)
		}
		if st.Total != 1001 {
			t.Fatalf("total %d", st.Total)
		}
		if st.State == "done" || st.State == "failed" {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("import stuck in %s", st.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func countInstitutions(t *testing.T, e *apptest.Env) int {
	var n int
	if err := e.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM institutions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// One bad USCC among 1,001 rows: nothing is imported and the error names
// the row as Excel shows it. The corrected file imports every row.
func TestImportAllOrNothing(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		tok := e.Login("hunan")
		tpl := e.Call("GET", "/api/v1/imports/templates/institutions", tok, nil)
		if rows := apptest.ReadXLSX(t, tpl.Body); tpl.Status != 200 || len(rows) != 2 || rows[0][0] != "统一社会信用代码*" {
			t.Fatalf("template: %d %q", tpl.Status, rows)
		}
		before := countInstitutions(t, e)
		r := e.Upload("/api/v1/imports/institutions", tok, "机构.xlsx", institutionsFile(t, 1001, 700, 1), nil)
		if r.Status != 202 {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		id := int64(r.Map()["id"].(float64))
		st := waitImport(t, e, tok, id)
		// Row 700 of the data is Excel row 703: header, example, then 1-based.
		if st.State != "failed" || len(st.Errors) != 1 || st.Errors[0].Row != 703 || st.Errors[0].Field != "uscc" || st.Errors[0].Message == "" {
			t.Fatalf("bad file: %+v", st)
		}
		if n := countInstitutions(t, e); n != before {
			t.Fatalf("%d institutions imported from a bad file", n-before)
		}
		r = e.Upload("/api/v1/imports/institutions", tok, "机构.xlsx", institutionsFile(t, 1001, -1, 1), nil)
		st = waitImport(t, e, tok, int64(r.Map()["id"].(float64)))
		if st.State != "done" || st.Done != 1001 || len(st.Errors) != 0 {
			t.Fatalf("good file: %+v", st)
		}
		if n := countInstitutions(t, e); n != before+1001 {
			t.Fatalf("imported %d, want 1001", n-before)
		}
		var audits int
		_ = e.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM audit_log WHERE action = 'institution.imported' AND actor_name = 'hunan'").Scan(&audits)
		if audits != 1001 {
			t.Errorf("audit entries %d", audits)
		}
		// The same file again: every USCC is now taken.
		r = e.Upload("/api/v1/imports/institutions", tok, "机构.xlsx", institutionsFile(t, 1001, -1, 1), nil)
		if st = waitImport(t, e, tok, int64(r.Map()["id"].(float64))); st.State != "failed" || len(st.Errors) != 500 {
			t.Fatalf("repeat: %s with %d errors", st.State, len(st.Errors))
		}
		// Outside the importer's region, and without the permission.
		if r := e.Upload("/api/v1/imports/institutions", e.Login("furong"), "x.xlsx", institutionsFile(t, 2, -1, 2), nil); r.Status != 403 {
			t.Errorf("furong imports: %d", r.Status)
		}
		if r := e.Upload("/api/v1/imports/institutions", tok, "x.xlsx", []byte("not excel"), nil); r.Status != 422 || r.ErrorFields()["file"] == nil {
			t.Errorf("garbage: %d %s", r.Status, r.Body)
		}
	})
}

// People are imported onto existing institutions of the importer's region;
// a wrong ID number or an unknown institution names its row.
func TestImportPersons(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		tok := e.Login("changsha")
		if r := e.Upload("/api/v1/imports/persons", tok, "x.xlsx", nil, nil); r.Status != 403 {
			t.Fatalf("changsha may not import: %d", r.Status)
		}
		tok = e.Login("hunan")
		r := e.Upload("/api/v1/imports/institutions", tok, "机构.xlsx", institutionsFile(t, 1001, -1, 7), nil)
		if st := waitImport(t, e, tok, int64(r.Map()["id"].(float64))); st.State != "done" {
			t.Fatalf("institutions: %+v", st)
		}
		var uscc string
		_ = e.DB.QueryRow(t.Context(), "SELECT uscc FROM institutions ORDER BY id LIMIT 1").Scan(&uscc)
		// The imported institution is found by the public name search.
		var grams int
		_ = e.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM name_grams g JOIN institutions i ON i.id = g.institution_id WHERE i.uscc = ?", uscc).Scan(&grams)
		if grams == 0 {
			t.Errorf("imported institution not indexed for the public name search")
		}
		rnd := rand.New(rand.NewPCG(3, 3))
		file := func(badID bool) []byte {
			var buf bytes.Buffer
			x, _ := xlsx.NewWriter(&buf, "人员", []string{"身份证号", "姓名", "所在机构统一社会信用代码", "人员角色"})
			id := ident.GenerateResidentID(rnd, "430102", time.Date(1985, 5, 1, 0, 0, 0, 0, time.UTC))
			_ = x.WriteRow(id, "王五", uscc, "主评人")
			bad := ident.GenerateResidentID(rnd, "430102", time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC))
			if badID {
				bad = bad[:17] + map[bool]string{true: "1", false: "2"}[bad[17] == '2']
			}
			_ = x.WriteRow(bad, "赵六", uscc, "合作专家")
			_ = x.WriteRow(ident.GenerateResidentID(rnd, "430102", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC)), "钱七", "91430102MA4L0B7C2X", "从业人员")
			_ = x.Close()
			return buf.Bytes()
		}
		r = e.Upload("/api/v1/imports/persons", tok, "人员.xlsx", file(true), nil)
		if r.Status != 202 {
			t.Fatalf("upload people: %d %s", r.Status, r.Body)
		}
		var st importState
		for st.State != "failed" && st.State != "done" {
			time.Sleep(10 * time.Millisecond)
			e.JSON("GET", fmt.Sprintf("/api/v1/imports/%d", int64(r.Map()["id"].(float64))), tok, nil, &st)
		}
		if st.State != "failed" || len(st.Errors) != 2 || st.Errors[0].Row != 3 || st.Errors[0].Field != "id_number" || st.Errors[1].Row != 4 {
			t.Fatalf("people: %+v", st)
		}
		var n int
		_ = e.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM persons").Scan(&n)
		if n != 0 {
			t.Fatalf("%d persons imported from a bad file", n)
		}
	})
}

// An import whose server stopped in the middle (left "importing" with its
// lease run out) is ended by the sweep job as failed, with a message saying
// nothing was imported, and the person who started it is told once, however
// many servers sweep; one whose lease is held is left alone.
func TestInterruptedImportIsEnded(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		tok := e.Login("hunan")
		var ids []int64
		for seed := range 2 {
			r := e.Upload("/api/v1/imports/institutions", tok, "机构.xlsx", institutionsFile(t, 2, -1, uint64(40+seed)), nil)
			if r.Status != 202 {
				t.Fatalf("upload: %d %s", r.Status, r.Body)
			}
			id := int64(r.Map()["id"].(float64))
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				var st importState
				e.JSON("GET", fmt.Sprintf("/api/v1/imports/%d", id), tok, nil, &st)
				if st.State == "done" {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("import %d: %+v", id, st)
				}
			}
			ids = append(ids, id)
		}
		// As a server that stopped mid-import leaves it, and one at work now.
		for i, lease := range []time.Duration{-time.Minute, 5 * time.Minute} {
			if _, err := e.DB.Exec(t.Context(), "UPDATE imports SET state = 'importing', finished_at = NULL, lease_until = ? WHERE id = ?",
				e.Clock.Now().Add(lease), ids[i]); err != nil {
				t.Fatal(err)
			}
		}
		// Every server runs the sweep; two at once here.
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if err := e.App.Services.Imports.SweepInterrupted(t.Context()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		var notices struct {
			Items []struct{ Kind, Link string }
		}
		e.JSON("GET", "/api/v1/notifications", tok, nil, &notices)
		told := 0
		for _, n := range notices.Items {
			if n.Kind == "notice.import_interrupted" && n.Link == fmt.Sprintf("/imports/%d", ids[0]) {
				told++
			}
		}
		if told != 1 {
			t.Errorf("the importer was told %d times, want once: %+v", told, notices.Items)
		}
		var st importState
		e.JSON("GET", fmt.Sprintf("/api/v1/imports/%d", ids[0]), tok, nil, &st)
		if st.State != "failed" || len(st.Errors) != 1 || !strings.Contains(st.Errors[0].Message, "中断") {
			t.Errorf("interrupted import: %+v", st)
		}
		e.JSON("GET", fmt.Sprintf("/api/v1/imports/%d", ids[1]), tok, nil, &st)
		if st.State != "importing" {
			t.Errorf("an import at work was ended: %+v", st)
		}
	})
}
