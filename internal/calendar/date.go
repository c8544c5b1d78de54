// Package calendar handles China business dates: a civil Date type that maps
// cleanly to SQL and JSON, and the official working-day calendar (State
// Council holidays and make-up working days) used for review and objection
// deadlines.
package calendar

import (
	"evalcred/internal/clock"

	"cmp"
	"fmt"
	"time"
	_ "time/tzdata" // deadlines must not depend on the host having tzdata (scratch containers)
)

// china is the zone in which business dates are read. With time/tzdata
// embedded LoadLocation cannot fail, but a fixed +08:00 is exact anyway:
// China has had no daylight saving since 1991.
var china = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*60*60)
}()

// China returns the Asia/Shanghai location used for business dates.
func China() *time.Location { return china }

// Date is a civil date without a time zone: the day on which something is
// due, began or ended, as people in China name it. The zero Date means "no
// date" and maps to SQL NULL and JSON null.
type Date struct {
	Y int
	M time.Month
	D int
}

// layout is the only textual form of a Date, in storage, JSON and forms.
const layout = "2006-01-02"

// ParseDate parses "2006-01-02". It rejects dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(layout, s)
	if err != nil {
		return Date{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	return dateOfFields(t), nil
}

// MustParseDate is ParseDate for constants in code and tests; it panics on
// error.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the China date of the instant t, whatever t's location.
func DateOf(t time.Time) Date { return dateOfFields(t.In(china)) }

// dateOfFields takes the calendar fields of t in its own location.
func dateOfFields(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Y: y, M: m, D: d}
}

// Today returns the current China date.
func Today() Date { return DateOf(time.Now()) }

// Current returns the China date of c's time: services ask their clock, so
// that tests can move it.
func Current(c clock.Clock) Date { return DateOf(c.Now()) }

// Time returns midnight at the start of d in Asia/Shanghai.
func (d Date) Time() time.Time { return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, china) }

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// String returns "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, d.M, d.D)
}

// AddDays returns d moved by n calendar days (n may be negative).
func (d Date) AddDays(n int) Date {
	// time.Date normalises overflowing days, and UTC avoids any DST question.
	return dateOfFields(time.Date(d.Y, d.M, d.D+n, 0, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC).Weekday()
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.Y, e.Y); c != 0 {
		return c
	}
	if c := cmp.Compare(d.M, e.M); c != 0 {
		return c
	}
	return cmp.Compare(d.D, e.D)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Equal reports whether d and e are the same date.
func (d Date) Equal(e Date) bool { return d == e }

// DaysUntil returns the number of calendar days from d to e (negative if e
// is before d).
func (d Date) DaysUntil(e Date) int {
	a := time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC)
	b := time.Date(e.Y, e.M, e.D, 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}
