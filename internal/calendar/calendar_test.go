package calendar

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"evalcred/internal/datatest"
)

func TestIsWorkday2026(t *testing.T) {
	c := Default()
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2026-01-01", false, "New Year's Day, Thursday"},
		{"2026-01-02", false, "New Year holiday, Friday"},
		{"2026-01-04", true, "make-up working day, Sunday"},
		{"2026-01-05", true, "ordinary Monday"},
		{"2026-01-10", false, "ordinary Saturday"},
		{"2026-02-14", true, "Spring Festival make-up day, Saturday"},
		{"2026-02-16", false, "Spring Festival, Monday"},
		{"2026-02-23", false, "Spring Festival, Monday"},
		{"2026-02-24", true, "first day back"},
		{"2026-02-28", true, "Spring Festival make-up day, Saturday"},
		{"2026-09-20", true, "National Day make-up day, Sunday"},
		{"2026-10-01", false, "National Day"},
		{"2026-10-07", false, "National Day holiday, Wednesday"},
		{"2026-10-08", true, "first day back, Thursday"},
		{"2026-10-10", true, "National Day make-up day, Saturday"},
		{"2022-12-31", false, "listed in 2023.json though in 2022"},
	}
	for _, tt := range tests {
		if got := c.IsWorkday(MustParseDate(tt.date)); got != tt.want {
			t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	c := Default()
	tests := []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-03-06", 2, "2026-03-10", "Friday + 2 skips the weekend"},
		{"2026-03-06", 0, "2026-03-06", "zero is the day itself"},
		{"2026-03-07", 0, "2026-03-07", "zero is the day itself, even a Saturday"},
		{"2026-03-06", 1, "2026-03-09", "Friday + 1 is Monday"},
		{"2026-09-30", 1, "2026-10-08", "over National Day"},
		{"2026-09-29", 2, "2026-10-08", "over National Day"},
		{"2026-10-09", 1, "2026-10-10", "onto the make-up Saturday"},
		{"2026-02-13", 1, "2026-02-14", "onto the Spring Festival make-up Saturday"},
		{"2026-02-14", 1, "2026-02-24", "over the Spring Festival"},
		{"2025-12-31", 1, "2026-01-04", "over New Year onto the make-up Sunday"},
		{"2026-03-10", -2, "2026-03-06", "backwards over the weekend"},
		{"2026-10-08", -1, "2026-09-30", "backwards over National Day"},
	}
	for _, tt := range tests {
		from := MustParseDate(tt.from)
		got := c.AddWorkdays(from, tt.n)
		if got.String() != tt.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s (%s)", tt.from, tt.n, got, tt.want, tt.why)
		}
		if tt.n > 0 {
			if back := c.WorkdaysBetween(from, got); back != tt.n {
				t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.from, got, back, tt.n)
			}
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := Default()
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-03-06", "2026-03-06", 0},
		{"2026-03-06", "2026-03-08", 0},
		{"2026-03-06", "2026-03-13", 5},
		{"2026-03-13", "2026-03-06", -5},
		{"2026-09-30", "2026-10-10", 3}, // 10-08, 10-09 and the make-up Saturday 10-10
	}
	for _, tt := range tests {
		if got := c.WorkdaysBetween(MustParseDate(tt.a), MustParseDate(tt.b)); got != tt.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDueAt(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{
			"Friday evening China time, 2 working days → Tuesday night",
			time.Date(2026, 3, 6, 20, 0, 0, 0, China()), 2,
			time.Date(2026, 3, 10, 15, 59, 59, 999e6, time.UTC),
		},
		{
			"UTC instant that is already Saturday in China",
			time.Date(2026, 3, 6, 17, 0, 0, 0, time.UTC), 2,
			time.Date(2026, 3, 10, 15, 59, 59, 999e6, time.UTC),
		},
		{
			"before National Day",
			time.Date(2026, 9, 30, 9, 0, 0, 0, China()), 2,
			time.Date(2026, 10, 9, 15, 59, 59, 999e6, time.UTC),
		},
	}
	for _, tt := range tests {
		got := c.DueAt(tt.from, tt.n)
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("%s: DueAt = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// recorder is a slog.Handler that keeps records for inspection.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec)
	return nil
}

func TestMissingYearFallsBackAndWarnsOnce(t *testing.T) {
	c, err := New(map[int][]byte{})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	c.logger = slog.New(rec)
	if c.HasYear(2031) || !Default().HasYear(2026) || Default().HasYear(2031) {
		t.Fatal("HasYear wrong")
	}

	// 2031-10-01 is a Wednesday: without data, a working day.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if !c.IsWorkday(MustParseDate("2031-10-01")) {
				t.Error("2031-10-01 should fall back to weekday rule")
			}
		})
	}
	wg.Wait()
	if got := c.AddWorkdays(MustParseDate("2031-10-03"), 1); got.String() != "2031-10-06" {
		t.Errorf("AddWorkdays over a 2031 weekend = %s", got)
	}
	c.IsWorkday(MustParseDate("2032-01-01"))

	if len(rec.records) != 2 {
		t.Fatalf("got %d warnings, want one per year (2031, 2032)", len(rec.records))
	}
	r := rec.records[0]
	var year int64
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "year" {
			year = a.Value.Int64()
		}
		return true
	})
	if r.Level != slog.LevelWarn || r.Message != "no official holiday calendar for year, using weekdays" || year != 2031 {
		t.Errorf("warning = %v %q year=%d", r.Level, r.Message, year)
	}
}

func TestNewRejectsBadFiles(t *testing.T) {
	tests := map[string]map[int][]byte{
		"not JSON":      {2026: []byte("{")},
		"year mismatch": {2027: []byte(`{"year":2026,"days":[]}`)},
		"bad date":      {2026: []byte(`{"year":2026,"days":[{"name":"x","date":"2026-02-30","isOffDay":true}]}`)},
	}
	for name, files := range tests {
		if _, err := New(files); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
}

// TestEmbeddedMatchesShared keeps the embedded copy equal to the shared data
// set; it skips where the shared directory is absent.
func TestEmbeddedMatchesShared(t *testing.T) {
	datatest.SameAsShared(t, "holidays", "holidays", func(string) bool { return true })
}
