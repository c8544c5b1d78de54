package ui_test

import (
	"bytes"
	"math/rand/v2"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apptest"
	"evalcred/internal/ident"
	"evalcred/internal/xlsx"
)

func TestImportPages(t *testing.T) {
	e := apptest.One(t)
	b := e.Browser("hunan")
	if p := b.Get("/imports"); p.Status != 200 || !strings.Contains(p.HTML, "/imports/templates/institutions") {
		t.Fatalf("form: %d", p.Status)
	}
	tpl := b.Get("/imports/templates/persons")
	if rows := apptest.ReadXLSX(t, []byte(tpl.HTML)); len(rows) != 2 || rows[0][0] != "身份证号*" {
		t.Fatalf("persons template: %q", rows)
	}
	var file bytes.Buffer
	x, _ := xlsx.NewWriter(&file, "机构", []string{"统一社会信用代码", "名称", "机构类型", "所在地区代码"})
	r := rand.New(rand.NewPCG(9, 9))
	for i := range 3 {
		_ = x.WriteRow(ident.GenerateUSCC(r, "430102"), "页面导入机构"+string(rune('甲'+i)), "律师事务所", "430102")
	}
	_ = x.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("kind", "institutions")
	fw, _ := mw.CreateFormFile("file", "机构.xlsx")
	_, _ = fw.Write(file.Bytes())
	_ = mw.Close()
	p := b.PostMultipart("/imports", mw.FormDataContentType(), &body)
	if p.Status != 303 || !strings.HasPrefix(p.Location, "/imports/") {
		t.Fatalf("upload: %d %s", p.Status, p.HTML)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		v := b.Get(p.Location)
		if strings.Contains(v.HTML, "导入完成") {
			if strings.Contains(v.HTML, "every 1s") || !strings.Contains(v.HTML, `value="100"`) {
				t.Errorf("finished page still polls or bar not full")
			}
			break
		}
		if !strings.Contains(v.HTML, `hx-trigger="every 1s"`) || !strings.Contains(v.HTML, `http-equiv="refresh"`) {
			t.Fatalf("running page does not refresh itself: %s", v.HTML)
		}
		if time.Now().After(deadline) {
			t.Fatal("import did not finish")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if p := e.Browser("furong").Get("/imports"); p.Status != 403 {
		t.Errorf("furong: %d", p.Status)
	}
}
