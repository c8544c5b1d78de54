package cli

import (
	"fmt"
	"sort"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/locale"
	"evalcred/internal/web"
)

// describe turns a service error into a sentence for the terminal, in English,
// naming each refused field.
func describe(err error) error {
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		return err
	}
	msg := locale.T("en", e.Key, e.Args...)
	var fields []string
	for f, k := range e.Fields {
		fields = append(fields, f+": "+web.FieldMessage("en", k))
	}
	sort.Strings(fields)
	if len(fields) > 0 {
		msg += " (" + strings.Join(fields, "; ") + ")"
	}
	return fmt.Errorf("%s", msg)
}
