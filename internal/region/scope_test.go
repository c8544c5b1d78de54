package region

import (
	"reflect"
	"strings"
	"testing"
)

func TestScopePrefix(t *testing.T) {
	tests := []struct{ code, want string }{
		{"000000", ""},
		{"430000", "43"},
		{"430100", "4301"},
		{"430102", "430102"},
		{"430110", "430110"},
		{"100000", "10"},
		{"", "#"},
		{"4301", "#"},
		{"43010X", "#"},
	}
	for _, tt := range tests {
		if got := (Scope{tt.code}).Prefix(); got != tt.want {
			t.Errorf("Scope{%q}.Prefix() = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestScopeContains(t *testing.T) {
	tests := []struct {
		scope, code string
		want        bool
	}{
		{"430100", "430102", true},
		{"430100", "430100", true},
		{"430100", "430202", false},
		{"430100", "430000", false},
		{"430000", "430202", true},
		{"430000", "440103", false},
		{"430102", "430102", true},
		{"430102", "430103", false},
		{"000000", "430102", true},
		{"000000", "650100", true},
		{"000000", "999999", true},
		{"430000", "430999", true}, // unknown to the tree, still inside by code
		{"", "430102", false},      // zero scope fails closed
		{"43", "430102", false},    // malformed scope fails closed
	}
	for _, tt := range tests {
		if got := (Scope{tt.scope}).Contains(tt.code); got != tt.want {
			t.Errorf("Scope{%q}.Contains(%s) = %v, want %v", tt.scope, tt.code, got, tt.want)
		}
	}
}

func TestScopeSQL(t *testing.T) {
	tests := []struct {
		scope, cond string
		args        []any
	}{
		{"430100", "region >= ? AND region < ?", []any{"4301", "4302"}},
		{"430000", "region >= ? AND region < ?", []any{"43", "44"}},
		{"430102", "region >= ? AND region < ?", []any{"430102", "430103"}},
		{"410900", "region >= ? AND region < ?", []any{"4109", "4110"}},
		{"429999", "region >= ? AND region < ?", []any{"429999", "430000"}},
		{"999999", "region >= ?", []any{"999999"}},
		{"000000", "1=1", nil},
		{"", "1=0", nil},
	}
	for _, tt := range tests {
		cond, args := Scope{tt.scope}.SQL("region")
		if cond != tt.cond || !reflect.DeepEqual(args, tt.args) {
			t.Errorf("Scope{%q}.SQL = %q %v, want %q %v", tt.scope, cond, args, tt.cond, tt.args)
		}
	}
	if cond, _ := (Scope{"430100"}).SQL("i.region_code"); cond != "i.region_code >= ? AND i.region_code < ?" {
		t.Errorf("qualified column: %q", cond)
	}
}

func TestScopeSQLRejectsInjection(t *testing.T) {
	for _, col := range []string{"", "region; DROP TABLE x", "1region", "a..b", "region)"} {
		t.Run(col, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("SQL(%q) did not panic", col)
				}
			}()
			Scope{"430100"}.SQL(col)
		})
	}
}

// evalSQL evaluates the conditions Scope.SQL can produce against a value
// with byte-wise string comparison, as SQLite's BINARY collation does.
func evalSQL(t *testing.T, cond string, args []any, value string) bool {
	t.Helper()
	switch cond {
	case "1=1":
		return true
	case "1=0":
		return false
	case "c >= ?":
		return value >= args[0].(string)
	case "c >= ? AND c < ?":
		return value >= args[0].(string) && value < args[1].(string)
	}
	t.Fatalf("unexpected condition %q", cond)
	return false
}

// TestScopeSQLMatchesContains checks, for every scope node in the tree
// against every code in the tree, that the database condition selects
// exactly what Contains accepts.
func TestScopeSQLMatchesContains(t *testing.T) {
	tree := Default()
	codes := tree.Codes()
	var scopes []string
	for _, c := range codes {
		if r := tree.MustLookup(c); r.Level < County || strings.HasPrefix(c, "43") {
			scopes = append(scopes, c) // all provinces and cities, and Hunan's counties
		}
	}
	scopes = append(scopes, "", "999999", "429900")
	// Codes unknown to the tree, and a longer string; shorter strings are out
	// of contract (SQL "43" >= "4299" holds although "43" lacks the prefix).
	extra := []string{"430999", "439999", "440000", "429999", "4301020"}
	for _, s := range scopes {
		scope := Scope{s}
		cond, args := scope.SQL("c")
		for _, code := range append(codes, extra...) {
			if got, want := evalSQL(t, cond, args, code), scope.Contains(code); got != want {
				t.Fatalf("scope %q, code %q: SQL %v, Contains %v (%s %v)", s, code, got, want, cond, args)
			}
		}
		if scope.Valid() {
			// Every tree descendant must be in the scope.
			for _, code := range codes {
				if tree.IsAncestor(s, code) && !scope.Contains(code) {
					t.Fatalf("%s is under %s in the tree but outside its scope", code, s)
				}
			}
		}
	}
	t.Logf("checked %d scopes x %d codes", len(scopes), len(codes)+len(extra))
}
