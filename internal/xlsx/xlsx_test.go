package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"evalcred/internal/calendar"
)

func readAll(t *testing.T, b []byte) [][]string {
	t.Helper()
	var out [][]string
	err := ReadRows(bytes.NewReader(b), int64(len(b)), func(row int, cells []string) error {
		if row != len(out)+1 {
			return fmt.Errorf("row %d after %d rows", row, len(out))
		}
		out = append(out, append([]string(nil), cells...))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteThenRead(t *testing.T) {
	var buf bytes.Buffer
	x, err := NewWriter(&buf, "机构[名单]", []string{"编号", "名称", "成立日期", "提交时间", "金额", "有效"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC) // 09:30 in China
	var nilTime *time.Time
	rows := [][]any{
		{int64(1), "湖南天平会计师事务所（特殊普通合伙）", calendar.MustParseDate("2001-05-17"), at, 1234.5, true},
		{2, "A&B <咨询> \"quoted\"\x01", nil, nilTime, -3, false},
		{3, "", calendar.Date{}, time.Time{}, uint8(7), nil},
	}
	for _, r := range rows {
		if err := x.WriteRow(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, buf.Bytes())
	want := [][]string{
		{"编号", "名称", "成立日期", "提交时间", "金额", "有效"},
		{"1", "湖南天平会计师事务所（特殊普通合伙）", "37028", "46083.395833", "1234.5", "TRUE"},
		{"2", `A&B <咨询> "quoted"`, "", "", "-3", "FALSE"},
		{"3", "", "", "", "7"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("read back\n%q\nwant\n%q", got, want)
	}
	if d := DateOfSerial(37028); d.String() != "2001-05-17" {
		t.Errorf("DateOfSerial = %s", d)
	}
}

func TestColumnNames(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := colName(i); got != want {
			t.Errorf("colName(%d) = %s, want %s", i, got, want)
		}
		if j, _ := colIndex(want + "7"); j != i {
			t.Errorf("colIndex(%s) = %d", want, j)
		}
	}
}

func TestReaderRefusesGarbage(t *testing.T) {
	b := []byte("not a zip")
	if err := ReadRows(bytes.NewReader(b), int64(len(b)), func(int, []string) error { return nil }); err == nil {
		t.Fatal("want an error")
	}
}

// LibreOffice, when installed, must open the file and see the rows and the
// Chinese headers: the proof that a real spreadsheet program accepts it.
func TestLibreOfficeOpensIt(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		if lo, err = exec.LookPath("soffice"); err != nil {
			t.Skip("libreoffice not installed")
		}
	}
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "export.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := NewWriter(f, "导出", []string{"机构名称", "成立日期", "金额（元）"})
	_ = x.WriteRow("长沙市芙蓉区评价咨询有限公司", calendar.MustParseDate("2020-01-31"), 42)
	_ = x.WriteRow("株洲某会计师事务所", calendar.MustParseDate("2019-12-01"), 7.25)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, f.Name())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "机构名称,成立日期,金额（元）\n长沙市芙蓉区评价咨询有限公司,2020-01-31,42\n株洲某会计师事务所,2019-12-01,7.25\n"
	if got := strings.ReplaceAll(string(csv), "\r\n", "\n"); got != want {
		t.Fatalf("csv:\n%s\nwant:\n%s", got, want)
	}
}

// exportRows writes n rows of a typical list to w.
func exportRows(w io.Writer, n int) error {
	x, err := NewWriter(w, "审计日志", []string{"编号", "时间", "操作人", "操作", "对象", "地区", "说明"})
	if err != nil {
		return err
	}
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	for i := range n {
		if err := x.WriteRow(int64(i+1), at.Add(time.Duration(i)*time.Second), "furong", "question.answered", "question",
			"湖南省长沙市芙蓉区", "关于第三方机构信用评价的答复，第"+fmt.Sprint(i)+"条"); err != nil {
			return err
		}
	}
	return x.Close()
}

// peakHeap runs fn while sampling HeapInuse every millisecond and returns the
// highest value seen.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak uint64
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak
}

// Exporting 100,000 rows keeps the heap flat: far under 100 MB.
func TestExport100kRowsMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	var n int64
	cw := countWriter{&n}
	var err error
	peak := peakHeap(func() { err = exportRows(cw, 100_000) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("100000 rows: %d bytes of xlsx, peak HeapInuse %.1f MB", n, float64(peak)/(1<<20))
	if peak > 100<<20 {
		t.Fatalf("peak heap %.1f MB, want < 100 MB", float64(peak)/(1<<20))
	}
}

type countWriter struct{ n *int64 }

func (c countWriter) Write(p []byte) (int, error) { *c.n += int64(len(p)); return len(p), nil }

// BenchmarkExport100k reports the time for 100,000 rows and, as custom
// metrics, the peak heap in use and the bytes allocated per export.
//
//	go test -run '^$' -bench Export100k -benchtime 3x ./internal/xlsx/
func BenchmarkExport100k(b *testing.B) {
	var n int64
	var peak uint64
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		p := peakHeap(func() {
			if err := exportRows(countWriter{&n}, 100_000); err != nil {
				b.Fatal(err)
			}
		})
		peak = max(peak, p)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "alloc-MB/op")
	b.ReportMetric(float64(n)/float64(b.N)/(1<<20), "file-MB/op")
}
