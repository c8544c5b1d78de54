package xlsx

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// workbook writes a small workbook with the rows given, for seeds.
func workbook(f *testing.F, rows ...[]any) []byte {
	var buf bytes.Buffer
	x, err := NewWriter(&buf, "名单", []string{"统一社会信用代码", "名称"})
	if err != nil {
		f.Fatal(err)
	}
	for _, r := range rows {
		if err := x.WriteRow(r...); err != nil {
			f.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzReadRows: any upload is read or refused with an error, never a panic
// or an endless read; rows come numbered upwards from 1 and cells are
// valid UTF-8 (what the imports check next).
func FuzzReadRows(f *testing.F) {
	good := workbook(f, []any{"91430102MA4L0B7C2F", "湖南示例咨询有限公司"}, []any{"x", "a\x01b"}, []any{2.5, nil})
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Add([]byte("<html>not a workbook</html>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		last := 0
		_ = ReadRows(bytes.NewReader(b), int64(len(b)), func(row int, cells []string) error {
			if row <= last {
				t.Fatalf("row %d after %d", row, last)
			}
			last = row
			for _, c := range cells {
				if !utf8.ValidString(c) {
					t.Fatalf("cell %q is not UTF-8", c)
				}
			}
			return nil
		})
	})
}
