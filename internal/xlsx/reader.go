package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Limits on what a file may expand to: an upload is small, but a zip can
// inflate a thousandfold, so every part is read through a cap.
const (
	maxSheetBytes   = 256 << 20
	maxStringsBytes = 64 << 20
	maxPartBytes    = 4 << 20
	maxColumns      = 256
)

// ErrNotXLSX says the file is not a readable .xlsx workbook.
var ErrNotXLSX = errors.New("xlsx: not an xlsx workbook")

// ReadRows calls fn for every non-empty row of the workbook's first sheet, in
// order, with its 1-based row number as Excel shows it and the cell texts
// (numbers as written in the file, dates as serial numbers: see
// DateOfSerial). Cells missing between others are "". The cells slice is
// reused for the next row: copy what must outlive fn. It stops at fn's first
// error and returns it.
func ReadRows(r io.ReaderAt, size int64, fn func(row int, cells []string) error) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	sheet, err := firstSheet(files)
	if err != nil {
		return err
	}
	var shared []string
	if f := files["xl/sharedStrings.xml"]; f != nil {
		if shared, err = readShared(f); err != nil {
			return err
		}
	}
	sf := files[sheet]
	if sf == nil {
		return fmt.Errorf("%w: missing %s", ErrNotXLSX, sheet)
	}
	rc, err := sf.Open()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	defer rc.Close()
	return readSheet(io.LimitReader(rc, maxSheetBytes), shared, fn)
}

// firstSheet finds the part of the first sheet through the workbook and its
// relationships; files written by other tools do not all call it sheet1.xml.
func firstSheet(files map[string]*zip.File) (string, error) {
	var wb struct {
		Sheets []struct {
			RID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(files["xl/workbook.xml"], &wb); err != nil || len(wb.Sheets) == 0 {
		return "", fmt.Errorf("%w: no workbook", ErrNotXLSX)
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(files["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return "", fmt.Errorf("%w: no workbook relationships", ErrNotXLSX)
	}
	for _, rel := range rels.Rel {
		if rel.ID == wb.Sheets[0].RID {
			t := rel.Target
			if strings.HasPrefix(t, "/") {
				return strings.TrimPrefix(t, "/"), nil
			}
			return path.Join("xl", t), nil
		}
	}
	return "", fmt.Errorf("%w: first sheet not found", ErrNotXLSX)
}

func decodePart(f *zip.File, v any) error {
	if f == nil {
		return ErrNotXLSX
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, maxPartBytes)).Decode(v)
}

// readShared reads the shared-strings table; a rich-text string is the
// concatenation of its runs (phonetic runs excluded).
func readShared(f *zip.File) ([]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxStringsBytes))
	var out []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: shared strings: %v", ErrNotXLSX, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			s, err := itemText(dec, "si")
			if err != nil {
				return nil, fmt.Errorf("%w: shared strings: %v", ErrNotXLSX, err)
			}
			out = append(out, s)
		}
	}
}

// itemText collects the <t> texts inside the element just opened (si or is),
// skipping phonetic guides (rPh).
func itemText(dec *xml.Decoder, end string) (string, error) {
	var b strings.Builder
	inT, skip := false, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "rPh":
				skip++
			case "t":
				inT = skip == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "rPh":
				skip--
			case "t":
				inT = false
			case end:
				return b.String(), nil
			}
		case xml.CharData:
			if inT {
				b.Write(t)
			}
		}
	}
}

// colIndex returns the 0-based column of a reference such as "C12".
func colIndex(ref string) (int, bool) {
	n := 0
	i := 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		n = n*26 + int(ref[i]-'A'+1)
	}
	if i == 0 {
		return 0, false
	}
	return n - 1, true
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// readSheet streams the rows of a worksheet.
func readSheet(r io.Reader, shared []string, fn func(row int, cells []string) error) error {
	dec := xml.NewDecoder(r)
	var cells []string
	rowNum, col := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: sheet: %v", ErrNotXLSX, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				cells, col = cells[:0], 0
				if n, err := strconv.Atoi(attr(t, "r")); err == nil && n > 0 {
					rowNum = n
				} else {
					rowNum++
				}
			case "c":
				if i, ok := colIndex(attr(t, "r")); ok {
					col = i
				}
				if col >= maxColumns {
					return fmt.Errorf("%w: more than %d columns", ErrNotXLSX, maxColumns)
				}
				v, err := cellValue(dec, t, shared)
				if err != nil {
					return err
				}
				for len(cells) <= col {
					cells = append(cells, "")
				}
				cells[col] = v
				col++
			}
		case xml.EndElement:
			if t.Name.Local == "row" && !blank(cells) {
				if err := fn(rowNum, cells); err != nil {
					return err
				}
			}
		}
	}
}

// cellValue reads one <c> element to its end and returns its text.
func cellValue(dec *xml.Decoder, c xml.StartElement, shared []string) (string, error) {
	typ := attr(c, "t")
	var v string
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", fmt.Errorf("%w: cell: %v", ErrNotXLSX, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return "", fmt.Errorf("%w: cell: %v", ErrNotXLSX, err)
				}
				v = s
			case "is":
				s, err := itemText(dec, "is")
				if err != nil {
					return "", fmt.Errorf("%w: cell: %v", ErrNotXLSX, err)
				}
				v = s
			}
		case xml.EndElement:
			if t.Name.Local != "c" {
				continue
			}
			if typ == "s" {
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || i < 0 || i >= len(shared) {
					return "", fmt.Errorf("%w: bad shared string %q", ErrNotXLSX, v)
				}
				return shared[i], nil
			}
			if typ == "b" {
				if v == "1" {
					return "TRUE", nil
				}
				return "FALSE", nil
			}
			return v, nil
		}
	}
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
