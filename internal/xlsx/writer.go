// Package xlsx writes and reads Office Open XML spreadsheets (.xlsx), the
// format finance departments exchange lists in.
//
// The writer streams: rows go straight into the deflated zip entry of the
// worksheet as they are produced, strings are written inline (t="inlineStr")
// so that no shared-strings table grows in memory, and nothing is staged in a
// temporary file. Memory stays flat whatever the number of rows; only the
// worksheet must come last in the zip, which is why the fixed parts are
// written first.
//
// The reader is small on purpose (zip + workbook + shared strings + the first
// worksheet): the platform reads its own templates back after people have
// filled them in Excel or WPS, and needs cell text, not formulas or styles.
// A full library (excelize) would bring a dozen dependencies into go.mod for
// that, and its memory use on a hostile file is harder to bound than a
// decoder that we cap ourselves.
package xlsx

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"evalcred/internal/calendar"
)

// ContentType is the MIME type of an .xlsx file.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Style indexes into cellXfs of styles.xml (see parts.go).
const (
	styleDefault  = 0
	styleDate     = 1
	styleDateTime = 2
	styleHeader   = 3
)

// Writer writes one worksheet row by row.
type Writer struct {
	zw   *zip.Writer
	bw   *bufio.Writer
	row  int
	err  error
	scr  []byte // scratch for number formatting
	done bool
}

// NewWriter starts a workbook on w with one sheet named sheet whose first row
// is headers (bold). Column widths follow the headers, wide enough for
// Chinese text.
func NewWriter(w io.Writer, sheet string, headers []string) (*Writer, error) {
	zw := zip.NewWriter(w)
	for _, p := range fixedParts(sheet) {
		f, err := zw.Create(p.name)
		if err != nil {
			return nil, fmt.Errorf("xlsx: %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return nil, fmt.Errorf("xlsx: %s: %w", p.name, err)
		}
	}
	f, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, fmt.Errorf("xlsx: sheet: %w", err)
	}
	x := &Writer{zw: zw, bw: bufio.NewWriterSize(f, 32<<10), scr: make([]byte, 0, 64)}
	x.str(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>`)
	for i, h := range headers {
		width := 4 + 2*len([]rune(h))
		width = min(max(width, 12), 60)
		x.str(`<col min="` + strconv.Itoa(i+1) + `" max="` + strconv.Itoa(i+1) + `" width="` + strconv.Itoa(width) + `" customWidth="1"/>`)
	}
	if len(headers) == 0 {
		x.str(`<col min="1" max="1" width="12"/>`)
	}
	x.str(`</cols><sheetData>`)
	cells := make([]any, len(headers))
	for i, h := range headers {
		cells[i] = h
	}
	x.writeRow(cells, styleHeader)
	return x, x.err
}

// WriteRow appends a row. Cells may be string, any integer or float type,
// bool, time.Time (shown in China time), calendar.Date, pointers to these
// (nil is an empty cell), nil, or a fmt.Stringer.
func (x *Writer) WriteRow(cells ...any) error {
	x.writeRow(cells, styleDefault)
	return x.err
}

// Close ends the sheet and the zip; the file is complete only after it.
func (x *Writer) Close() error {
	if x.done {
		return x.err
	}
	x.done = true
	x.str(`</sheetData></worksheet>`)
	if x.err == nil {
		x.err = x.bw.Flush()
	}
	if err := x.zw.Close(); x.err == nil {
		x.err = err
	}
	return x.err
}

func (x *Writer) str(s string) {
	if x.err == nil {
		_, x.err = x.bw.WriteString(s)
	}
}

func (x *Writer) writeRow(cells []any, style int) {
	if x.done {
		x.err = errors.Join(x.err, errors.New("xlsx: write after close"))
		return
	}
	x.row++
	rowNum := strconv.Itoa(x.row)
	x.str(`<row r="` + rowNum + `">`)
	for i, v := range cells {
		x.cell(colName(i)+rowNum, v, style)
	}
	x.str(`</row>`)
}

func (x *Writer) cell(ref string, v any, style int) {
	if v = deref(v); v == nil {
		return
	}
	sAttr := ""
	if style != styleDefault {
		sAttr = ` s="` + strconv.Itoa(style) + `"`
	}
	x.scr = x.scr[:0]
	switch c := v.(type) {
	case string:
		x.inline(ref, sAttr, c)
	case bool:
		b := "0"
		if c {
			b = "1"
		}
		x.str(`<c r="` + ref + `" t="b"` + sAttr + `><v>` + b + `</v></c>`)
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		x.num(ref, sAttr, fmt.Sprint(c))
	case float32:
		x.num(ref, sAttr, strconv.FormatFloat(float64(c), 'g', -1, 32))
	case float64:
		x.num(ref, sAttr, strconv.FormatFloat(c, 'g', -1, 64))
	case time.Time:
		if c.IsZero() {
			return
		}
		x.num(ref, ` s="`+strconv.Itoa(styleDateTime)+`"`, strconv.FormatFloat(Serial(c.In(calendar.China())), 'f', 6, 64))
	case calendar.Date:
		if c.IsZero() {
			return
		}
		t := time.Date(c.Y, c.M, c.D, 0, 0, 0, 0, time.UTC)
		x.num(ref, ` s="`+strconv.Itoa(styleDate)+`"`, strconv.FormatFloat(Serial(t), 'f', -1, 64))
	case fmt.Stringer:
		x.inline(ref, sAttr, c.String())
	default:
		x.inline(ref, sAttr, fmt.Sprint(c))
	}
}

func (x *Writer) num(ref, sAttr, n string) {
	x.str(`<c r="` + ref + `"` + sAttr + `><v>` + n + `</v></c>`)
}

func (x *Writer) inline(ref, sAttr, s string) {
	if s == "" {
		return
	}
	x.str(`<c r="` + ref + `" t="inlineStr"` + sAttr + `><is><t xml:space="preserve">`)
	if x.err == nil {
		x.err = escape(x.bw, s)
	}
	x.str(`</t></is></c>`)
}

// deref turns typed nil pointers and pointers to values into the value.
func deref(v any) any {
	switch p := v.(type) {
	case *string:
		if p == nil {
			return nil
		}
		return *p
	case *int64:
		if p == nil {
			return nil
		}
		return *p
	case *int:
		if p == nil {
			return nil
		}
		return *p
	case *time.Time:
		if p == nil {
			return nil
		}
		return *p
	case *calendar.Date:
		if p == nil {
			return nil
		}
		return *p
	}
	return v
}

// epoch is day 0 of Excel's 1900 date system as it is used in practice (the
// fictitious 29 February 1900 makes the real origin 30 December 1899).
var epoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// Serial returns the Excel serial number of t's wall-clock time (its
// location's date and time, taken as they read).
func Serial(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return wall.Sub(epoch).Hours() / 24
}

// DateOfSerial returns the date of an Excel serial number (its integer part).
func DateOfSerial(serial float64) calendar.Date {
	t := epoch.AddDate(0, 0, int(serial))
	return calendar.Date{Y: t.Year(), M: t.Month(), D: t.Day()}
}

// colName returns the column letters of a 0-based index: 0 → A, 26 → AA.
func colName(i int) string {
	var b [4]byte
	n := len(b)
	for i++; i > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return string(b[n:])
}
