package imports

import (
	"bytes"

	"evalcred/internal/locale"
)

// TemplateFile is the template of a kind ready to hand out: its bytes, its
// name (the Chinese name of its sheet) and a name in ASCII for clients
// that read only that one.
type TemplateFile struct {
	Name, ASCIIName string
	Data            []byte
}

// TemplateOf builds the template of kind; an unknown kind is NotFound.
func TemplateOf(kind string) (*TemplateFile, error) {
	var buf bytes.Buffer
	if err := Template(&buf, kind); err != nil {
		return nil, err
	}
	return &TemplateFile{Name: locale.T("zh", "import.sheet."+kind) + ".xlsx", ASCIIName: kind + "-template.xlsx", Data: buf.Bytes()}, nil
}
