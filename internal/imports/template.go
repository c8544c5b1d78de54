package imports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/locale"
	"evalcred/internal/textcheck"
	"evalcred/internal/xlsx"
)

// column is one column of a template.
type column struct {
	Field    string // the API field name, used in errors
	Required bool
	Example  string
	Header   string // message key of the header; "" for import.col.<Field>
	// Former are headers earlier templates wrote, still read, so that a
	// file filled in from an old template imports.
	Former []string
}

func (c column) header() string {
	if c.Header != "" {
		return c.Header
	}
	return "import.col." + c.Field
}

// columns are the templates' columns, in order. Headers are the message
// keys import.col.<field>, in Chinese in the template; a file may use the
// Chinese or English header or the field name, in any order.
var columns = map[string][]column{
	KindInstitutions: {
		{Field: "uscc", Required: true, Example: "91430102MA4L0B7C2F"},
		{Field: "name", Required: true, Example: "湖南示例绩效评价咨询有限公司"},
		{Field: "type", Required: true, Example: "咨询机构"},
		{Field: "region_code", Required: true, Example: "湖南省长沙市芙蓉区", Former: []string{"所在地区代码", "Region code"}},
		{Field: "established_on", Required: false, Example: "2015-06-18"},
		{Field: "address", Required: false, Example: "长沙市芙蓉区五一大道1号"},
		{Field: "legal_rep_name", Required: false, Example: "张三"},
		{Field: "contact_name", Required: false, Example: "李四"},
		{Field: "contact_phone", Required: false, Example: "0731-88888888"},
		{Field: "contact_email", Required: false, Example: "contact@example.cn"},
	},
	KindPersons: {
		{Field: "id_number", Required: true, Example: "430102199001011234"},
		{Field: "name", Required: true, Example: "王五", Header: "import.col.person_name"},
		{Field: "institution_uscc", Required: true, Example: "91430102MA4L0B7C2F"},
		{Field: "role", Required: true, Example: "主评人"},
		{Field: "started_on", Required: false, Example: "2024-01-01"},
	},
}

// ExamplePrefix starts the example row of a template; rows starting with it
// are skipped, so a user who leaves the example in does not import it.
const ExamplePrefix = "（示例）"

// ValidKind reports whether kind has a template.
func ValidKind(kind string) bool { _, ok := columns[kind]; return ok }

// Template writes the .xlsx template of kind: the Chinese headers (a star
// marks required columns) and one example row.
func Template(w io.Writer, kind string) error {
	cols, ok := columns[kind]
	if !ok {
		return apperr.NotFoundf("template")
	}
	headers := make([]string, len(cols))
	example := make([]any, len(cols))
	for i, c := range cols {
		headers[i] = locale.T("zh", c.header())
		if c.Required {
			headers[i] += "*"
		}
		example[i] = c.Example
	}
	example[0] = ExamplePrefix + cols[0].Example
	x, err := xlsx.NewWriter(w, locale.T("zh", "import.sheet."+kind), headers)
	if err != nil {
		return err
	}
	if err := x.WriteRow(example...); err != nil {
		return err
	}
	return x.Close()
}

// row is one data row: its Excel row number and its cells by field.
type row struct {
	n      int
	fields map[string]string
	// refused are the cells whose text textcheck refuses, found on reading.
	refused []RowError
}

func (r row) get(field string) string { return strings.TrimSpace(r.fields[field]) }

// headerKey folds a header for matching: no stars, spaces or case.
func headerKey(s string) string {
	s = strings.NewReplacer("*", "", "＊", "", " ", "", "\u3000", "").Replace(strings.TrimSpace(s))
	return strings.ToLower(s)
}

// parse reads the rows of a file of kind. The header row must name every
// required column; an unreadable file, a wrong template or too many rows
// is an Invalid error on "file".
func parse(kind string, data []byte) ([]row, error) {
	cols := columns[kind]
	names := map[string]string{}
	labels := map[string]string{}
	for _, c := range cols {
		for _, lang := range locale.Languages {
			names[headerKey(locale.T(lang, c.header()))] = c.Field
		}
		names[headerKey(c.Field)] = c.Field
		for _, h := range c.Former {
			names[headerKey(h)] = c.Field
		}
		labels[c.Field] = c.header()
	}
	var header []string // field per column index; "" for unknown columns
	var rows []row
	err := xlsx.ReadRows(bytes.NewReader(data), int64(len(data)), func(n int, cells []string) error {
		if header == nil {
			header = make([]string, len(cells))
			for i, c := range cells {
				header[i] = names[headerKey(c)]
			}
			return checkHeader(cols, header)
		}
		if len(cells) > 0 && strings.HasPrefix(strings.TrimSpace(cells[0]), ExamplePrefix) {
			return nil
		}
		if len(rows) >= MaxRows {
			return apperr.InvalidField("file", "field.import_too_many_rows")
		}
		r := row{n: n, fields: map[string]string{}}
		for i, c := range cells {
			if i < len(header) && header[i] != "" {
				field := header[i]
				v, why := textcheck.For(field).Check(c)
				if why != "" {
					r.refused = append(r.refused, RowError{Row: n, Field: field, Key: apperr.KeyArgs(why, labels[field])})
				}
				r.fields[field] = v
			}
		}
		rows = append(rows, r)
		return nil
	})
	if apperr.Is(err, apperr.Invalid) {
		return nil, err
	}
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "error.invalid", Fields: map[string]string{"file": "field.import_unreadable"},
			Err: fmt.Errorf("imports: read: %w", err)}
	}
	if header == nil || len(rows) == 0 {
		return nil, apperr.InvalidField("file", "field.import_empty")
	}
	return rows, nil
}

func checkHeader(cols []column, header []string) error {
	for _, c := range cols {
		if !c.Required {
			continue
		}
		found := false
		for _, h := range header {
			found = found || h == c.Field
		}
		if !found {
			return apperr.InvalidField("file", "field.import_header")
		}
	}
	return nil
}
