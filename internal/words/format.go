package words

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"evalcred/internal/calendar"
)

// Yuan writes an amount in fen as yuan with thousands separators and two
// decimals ("8,600,000.00"), for columns whose heading says 元.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%s.%02d", sign, group(fen/100), fen%100)
}

// Money writes an amount in fen with its unit: "8,600,000.00元",
// "CNY 8,600,000.00".
func Money(lang string, fen int64) string {
	if lang == "en" {
		return "CNY " + Yuan(fen)
	}
	return Yuan(fen) + "元"
}

// Wan writes a large amount the way lists of budgets and fees do: in 万元
// ("860万元", "12.35万元"), in English in thousands or millions of yuan.
// Amounts under 10,000 yuan are written in full.
func Wan(lang string, fen int64) string {
	abs := fen
	if abs < 0 {
		abs = -abs
	}
	if abs < 1_000_000 {
		return Money(lang, fen)
	}
	if lang == "en" {
		if abs >= 100_000_000 {
			return "CNY " + decimal(fen, 100_000_000, 2) + " million"
		}
		return "CNY " + decimal(fen, 100_000, 1) + " thousand"
	}
	return decimal(fen, 1_000_000, 2) + "万元"
}

// decimal writes n/unit with at most places decimals, trailing zeros
// dropped, and separators in the whole part.
func decimal(n, unit int64, places int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	scale := int64(1)
	for range places {
		scale *= 10
	}
	v := (n*scale + unit/2) / unit
	whole, frac := v/scale, v%scale
	s := sign + group(whole)
	if frac != 0 {
		f := strings.TrimRight(fmt.Sprintf("%0*d", places, frac), "0")
		s += "." + f
	}
	return s
}

// group writes n with a comma every three digits.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Number writes a count with thousands separators.
func Number(n int64) string {
	if n < 0 {
		return "-" + group(-n)
	}
	return group(n)
}

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Date writes a business date: "2026年12月7日", "7 Dec 2026".
func Date(lang string, d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	t := d.Time()
	if lang == "en" {
		return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// Time writes a moment in China time to the minute: "2026年12月7日 09:30",
// "7 Dec 2026 09:30".
func Time(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	c := t.In(calendar.China())
	return Date(lang, calendar.DateOf(t)) + " " + c.Format("15:04")
}

// Size writes a file's size in bytes as B, KB or MB ("12.5 KB").
func Size(n int64) string {
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1024*1024:
		return decimal(n, 1024, 1) + " KB"
	case n < 1024*1024*1024:
		return decimal(n, 1024*1024, 1) + " MB"
	}
	return decimal(n, 1024*1024*1024, 1) + " GB"
}
