package workflow

import (
	"testing"

	"evalcred/internal/apperr"
)

func TestTable(t *testing.T) {
	w := New("x.wrong_state", map[string][]string{"proposed": {"objected", "effective"}, "objected": {"void", "effective"}})
	if !w.Can("proposed", "effective") || w.Can("effective", "proposed") || w.Can("void", "effective") {
		t.Fatal("Can disagrees with the table")
	}
	err := w.Check("void", "effective")
	if e := apperr.As(err); e.Code != apperr.Conflict || e.Key != "x.wrong_state" || len(e.Args) != 1 || e.Args[0] != "void" {
		t.Fatalf("Check: %v", err)
	}
	if w.Check("objected", "void") != nil {
		t.Fatal("an allowed move refused")
	}
	if got := w.Next("objected"); len(got) != 2 || got[0] != "void" || !w.Final("void") || w.Final("proposed") {
		t.Fatalf("Next/Final: %v", got)
	}
}
