package calendar

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"testing"
	"time"
)

// The interfaces the storage and API layers rely on.
var (
	_ sql.Scanner    = (*Date)(nil)
	_ driver.Valuer  = Date{}
	_ json.Marshaler = Date{}
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2026-01-04", Date{2026, time.January, 4}, false},
		{"2024-02-29", Date{2024, time.February, 29}, false},
		{"2026-02-29", Date{}, true},
		{"2026-1-4", Date{}, true},
		{"", Date{}, true},
		{"2026-01-04T00:00:00Z", Date{}, true},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestDateOf(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"UTC evening is next China day", time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC), "2026-10-01"},
		{"UTC afternoon same day", time.Date(2026, 9, 30, 15, 59, 59, 0, time.UTC), "2026-09-30"},
		{"already China time", time.Date(2026, 1, 1, 0, 0, 0, 0, China()), "2026-01-01"},
	}
	for _, tt := range tests {
		if got := DateOf(tt.in).String(); got != tt.want {
			t.Errorf("%s: DateOf(%v) = %s, want %s", tt.name, tt.in, got, tt.want)
		}
	}
	if got := MustParseDate("2026-10-01").Time(); !got.Equal(time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %v, want midnight China time", got)
	}
}

func TestDateArithmetic(t *testing.T) {
	d := MustParseDate("2026-02-27")
	tests := []struct {
		n    int
		want string
	}{
		{0, "2026-02-27"}, {2, "2026-03-01"}, {-58, "2025-12-31"}, {365, "2027-02-27"},
	}
	for _, tt := range tests {
		if got := d.AddDays(tt.n).String(); got != tt.want {
			t.Errorf("AddDays(%d) = %s, want %s", tt.n, got, tt.want)
		}
		if got := d.DaysUntil(d.AddDays(tt.n)); got != tt.n {
			t.Errorf("DaysUntil(AddDays(%d)) = %d", tt.n, got)
		}
	}
	a, b := MustParseDate("2025-12-31"), MustParseDate("2026-01-01")
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Equal(b) || !a.Equal(MustParseDate("2025-12-31")) {
		t.Error("Before/After/Equal disagree")
	}
	if !(Date{}).IsZero() || a.IsZero() || (Date{}).String() != "" {
		t.Error("zero Date handling")
	}
	if got := MustParseDate("2026-01-04").Weekday(); got != time.Sunday {
		t.Errorf("Weekday = %v, want Sunday", got)
	}
}

func TestDateScan(t *testing.T) {
	tests := []struct {
		name    string
		src     any
		want    Date
		wantErr bool
	}{
		{"nil", nil, Date{}, false},
		{"string", "2026-10-01", Date{2026, 10, 1}, false},
		{"bytes", []byte("2026-10-01"), Date{2026, 10, 1}, false},
		{"sqlite timestamp text", "2026-10-01 00:00:00+00:00", Date{2026, 10, 1}, false},
		{"RFC 3339 text", "2026-10-01T00:00:00Z", Date{2026, 10, 1}, false},
		{"empty text", "", Date{}, false},
		{"driver DATE as UTC midnight", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Date{2026, 10, 1}, false},
		{"bad text", "2026-13-01", Date{}, true},
		{"int", int64(20261001), Date{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Date{1999, 1, 1} // Scan must overwrite, not merge
			err := d.Scan(tt.src)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Scan(%#v) error = %v, wantErr %v", tt.src, err, tt.wantErr)
			}
			if !tt.wantErr && d != tt.want {
				t.Errorf("Scan(%#v) = %v, want %v", tt.src, d, tt.want)
			}
		})
	}
}

func TestDateValueRoundTrip(t *testing.T) {
	for _, d := range []Date{{}, {2026, 2, 14}, {1949, 10, 1}} {
		v, err := d.Value()
		if err != nil {
			t.Fatal(err)
		}
		if d.IsZero() != (v == nil) {
			t.Errorf("Value(%v) = %#v", d, v)
		}
		var back Date
		if err := back.Scan(v); err != nil || back != d {
			t.Errorf("Scan(Value(%v)) = %v, %v", d, back, err)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Due  Date  `json:"due"`
		From *Date `json:"from,omitempty"`
	}
	tests := []struct {
		in   doc
		want string
	}{
		{doc{Due: Date{2026, 10, 8}}, `{"due":"2026-10-08"}`},
		{doc{}, `{"due":null}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.in)
		if err != nil || string(b) != tt.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tt.in, b, err, tt.want)
		}
		var back doc
		if err := json.Unmarshal(b, &back); err != nil || back != tt.in {
			t.Errorf("Unmarshal(%s) = %v, %v", b, back, err)
		}
	}
	for _, bad := range []string{`{"due":"2026-02-30"}`, `{"due":20261008}`} {
		var d doc
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"due":""}`), &d); err != nil || !d.Due.IsZero() {
		t.Errorf(`Unmarshal("") = %v, %v; want zero`, d.Due, err)
	}
}

func TestDateText(t *testing.T) {
	for _, d := range []Date{{}, {2026, 9, 20}} {
		b, err := d.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Date
		if err := back.UnmarshalText(b); err != nil || back != d {
			t.Errorf("text round trip of %v = %v, %v", d, back, err)
		}
	}
	var d Date
	if err := d.UnmarshalText([]byte("tomorrow")); err == nil {
		t.Error("UnmarshalText(tomorrow) succeeded")
	}
}
