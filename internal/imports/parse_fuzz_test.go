package imports

import (
	"bytes"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/locale"
	"evalcred/internal/textcheck"
	"evalcred/internal/xlsx"
)

// file writes a workbook of kind with the template's headers and rows.
func file(tb testing.TB, kind string, rows ...[]any) []byte {
	var headers []string
	for _, c := range columns[kind] {
		headers = append(headers, locale.T("zh", c.header()))
	}
	var buf bytes.Buffer
	x, err := xlsx.NewWriter(&buf, "sheet", headers)
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows {
		if err := x.WriteRow(r...); err != nil {
			tb.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// A cell with text nobody types is an error of its row naming the column in
// words; a clean cell is stored normalised.
func TestParseChecksCells(t *testing.T) {
	rows, err := parse(KindInstitutions, file(t, KindInstitutions,
		[]any{"91430102MA4L0B7C2F", "湖南天平\n会计师事务所", "咨询机构", "430102"},
		[]any{"91430102MA4L0B7C2F", "Cafe\u0301咨询", "咨询机构", "430102", "", "\u202e址地"}))
	if err != nil || len(rows) != 2 {
		t.Fatalf("parse: %v %d", err, len(rows))
	}
	if len(rows[0].refused) != 1 || rows[0].refused[0].Field != "name" || rows[0].refused[0].Row != 2 {
		t.Errorf("a line break in a name: %+v", rows[0].refused)
	}
	if msg := locale.T("zh", "input.line_break", locale.T("zh", "import.col.name")); msg == "" {
		t.Error("no message")
	}
	if rows[1].get("name") != "Café咨询" || len(rows[1].refused) != 1 || rows[1].refused[0].Field != "address" {
		t.Errorf("second row: %q %+v", rows[1].get("name"), rows[1].refused)
	}
}

// FuzzParse: any upload is parsed into rows or refused naming the file;
// never a panic. Each cell of a row is clean by its column's rule, or the
// row carries an error on that column.
func FuzzParse(f *testing.F) {
	f.Add(file(f, KindInstitutions, []any{"91430102MA4L0B7C2F", "湖南示例咨询有限公司", "咨询机构", "430102"}), false)
	f.Add(file(f, KindInstitutions, []any{"\x00", "\u200b", "\x1b", "\u202e"}), false)
	f.Add(file(f, KindPersons, []any{"430102199001011234", "王五", "91430102MA4L0B7C2F", "主评人"}), true)
	f.Add([]byte("not a workbook"), true)
	f.Fuzz(func(t *testing.T, data []byte, persons bool) {
		kind := KindInstitutions
		if persons {
			kind = KindPersons
		}
		rows, err := parse(kind, data)
		if err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields["file"] == "" {
				t.Fatalf("refused without naming the file: %v", err)
			}
			return
		}
		for _, r := range rows {
			bad := map[string]bool{}
			for _, e := range r.refused {
				bad[e.Field] = true
			}
			for field, v := range r.fields {
				if bad[field] {
					continue
				}
				if again, why := textcheck.For(field).Check(v); why != "" || again != v {
					t.Fatalf("row %d: %s=%q kept without an error", r.n, field, v)
				}
			}
		}
	})
}

// FuzzParseDate: a date cell (typed, or an Excel serial number) is read as
// a real date that prints and parses back the same, or refused; an empty
// cell is no date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2015-06-18", "2015/6/18", "2015.6.18", "2015年6月18日", "42173", "42173.5", "0", "2015-02-30", "1e9", "NaN", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDate(s)
		if !ok || d.IsZero() {
			if s == "" && !ok {
				t.Fatal("an empty cell refused")
			}
			return
		}
		back, err := calendar.ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("%q read as %v (%v)", s, d, err)
		}
	})
}
