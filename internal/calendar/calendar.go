package calendar

import (
	"embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// holidayFiles are the official arrangements as published by the State
// Council each autumn for the next year, one file per year (see
// holidays/SOURCE.md). Adding next year is dropping in its file.
//
//go:embed holidays/*.json
var holidayFiles embed.FS

// Calendar answers working-day questions from the official holiday
// arrangements. It is safe for concurrent use.
type Calendar struct {
	// offDay maps a listed date to true for a holiday and false for a make-up
	// working day; unlisted dates follow the weekday rule.
	offDay map[Date]bool
	years  map[int]bool // years that have an official file

	logger *slog.Logger // nil means slog.Default() at the time of logging

	mu     sync.Mutex
	warned map[int]bool // years already warned about, so logs are not flooded
}

// dayFile is the holiday-cn JSON format.
type dayFile struct {
	Year int `json:"year"`
	Days []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay bool   `json:"isOffDay"`
	} `json:"days"`
}

// Default returns the calendar built from the embedded official data. It is
// parsed on first use and shared.
func Default() *Calendar { return defaultCalendar() }

var defaultCalendar = sync.OnceValue(func() *Calendar {
	files, err := embeddedFiles()
	if err == nil {
		var c *Calendar
		if c, err = New(files); err == nil {
			return c
		}
	}
	// The data is compiled in and covered by tests, so this is a build defect.
	panic(fmt.Sprintf("calendar: embedded holiday data: %v", err))
})

func embeddedFiles() (map[int][]byte, error) {
	entries, err := holidayFiles.ReadDir("holidays")
	if err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	files := make(map[int][]byte, len(entries))
	for _, e := range entries {
		year, err := strconv.Atoi(strings.TrimSuffix(e.Name(), ".json"))
		if err != nil {
			return nil, fmt.Errorf("file %s: name is not a year: %w", e.Name(), err)
		}
		if files[year], err = holidayFiles.ReadFile(path.Join("holidays", e.Name())); err != nil {
			return nil, fmt.Errorf("read %s: %w", e.Name(), err)
		}
	}
	return files, nil
}

// New builds a calendar from holiday-cn JSON files keyed by year. A file may
// list dates of the neighbouring year (a New Year holiday that starts on 31
// December); they are honoured, but only the key years count for HasYear.
func New(files map[int][]byte) (*Calendar, error) {
	c := &Calendar{offDay: map[Date]bool{}, years: map[int]bool{}, warned: map[int]bool{}}
	for year, data := range files {
		var f dayFile
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("calendar: year %d: %w", year, err)
		}
		if f.Year != year {
			return nil, fmt.Errorf("calendar: file for %d says year %d", year, f.Year)
		}
		for _, day := range f.Days {
			d, err := ParseDate(day.Date)
			if err != nil {
				return nil, fmt.Errorf("calendar: year %d, %s: %w", year, day.Name, err)
			}
			c.offDay[d] = day.IsOffDay
		}
		c.years[year] = true
	}
	return c, nil
}

// HasYear reports whether the official arrangement for year is known.
func (c *Calendar) HasYear(year int) bool { return c.years[year] }

// IsWorkday reports whether d is a working day: a listed holiday is not, a
// listed make-up day is, and otherwise Monday to Friday are. For a year
// without official data it uses the weekday rule and warns once.
func (c *Calendar) IsWorkday(d Date) bool {
	if off, listed := c.offDay[d]; listed {
		return !off
	}
	if !c.years[d.Y] {
		c.warnMissing(d.Y)
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// warnMissing logs once per year and Calendar: deadlines computed without
// the holidays may be early, and someone must add the year's file.
func (c *Calendar) warnMissing(year int) {
	c.mu.Lock()
	seen := c.warned[year]
	c.warned[year] = true
	c.mu.Unlock()
	if seen {
		return
	}
	logger := c.logger
	if logger == nil {
		logger = slog.Default()
	}
	logger.Warn("no official holiday calendar for year, using weekdays", "year", year)
}

// AddWorkdays returns the n-th working day after d; n = 0 returns d itself,
// even if d is not a working day. A negative n counts backwards: the n-th
// working day before d.
func (c *Calendar) AddWorkdays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// WorkdaysBetween counts the working days after a up to and including b,
// so that AddWorkdays(a, WorkdaysBetween(a, b)) is b when b is a working day.
// It is negative when b is before a.
func (c *Calendar) WorkdaysBetween(a, b Date) int {
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return sign * n
}

// DueAt returns the deadline that is workdays working days after the instant
// from: the last millisecond (23:59:59.999) of that working day in China,
// in UTC for storage. Counting starts from from's China date, so a task that
// arrives on Friday evening with 2 working days is due Tuesday night.
func (c *Calendar) DueAt(from time.Time, workdays int) time.Time {
	d := c.AddWorkdays(DateOf(from), workdays)
	return time.Date(d.Y, d.M, d.D, 23, 59, 59, int(999*time.Millisecond), china).UTC()
}
