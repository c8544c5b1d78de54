package ui

import (
	"fmt"
	"html/template"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/filing"
	"evalcred/internal/words"
)

// langFuncs are the template functions that write a value in words of the
// page's language (internal/words): dates, money, sizes, codes and field
// labels.
func langFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		"date": func(v any) string {
			switch d := v.(type) {
			case time.Time:
				return words.Time(lang, d)
			case *time.Time:
				if d == nil {
					return ""
				}
				return words.Time(lang, *d)
			case calendar.Date:
				return words.Date(lang, d)
			case *calendar.Date:
				if d == nil {
					return ""
				}
				return words.Date(lang, *d)
			case string:
				if pd, err := calendar.ParseDate(d); err == nil {
					return words.Date(lang, pd)
				}
				return d
			}
			return fmt.Sprint(v)
		},
		// day writes only the date of a moment.
		"day": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return words.Date(lang, calendar.DateOf(t))
		},
		"money":    func(fen int64) string { return words.Money(lang, fen) },
		"wan":      func(fen int64) string { return words.Wan(lang, fen) },
		"size":     func(n int64) string { return words.Size(n) },
		"num":      func(n int) string { return words.Number(int64(n)) },
		"code":     func(set, code string) string { return words.Code(lang, set, code) },
		"action":   func(a string) string { return words.AuditAction(lang, a) },
		"codes":    words.Codes,
		"actor":    func(name string) string { return words.Actor(lang, name) },
		"field":    func(path string) string { return words.Field(lang, path, nil) },
		"qualText": func(qs []filing.Qualification) string { return QualificationText(lang, qs) },
	}
}
