package region

import (
	"fmt"
	"strings"
)

// Scope is the subtree an official may see: the region they belong to and
// everything below it. It works on codes alone, without the Tree, so that an
// institution registered under a since-abolished county code is still inside
// its province's scope.
//
// A Scope whose Code is not six digits, including the zero Scope, contains
// nothing: a missing or corrupt scope must fail closed, never open. The whole
// country is the explicit Scope{Code: RootCode}.
type Scope struct {
	Code string
}

// invalidPrefix is what an invalid scope reports as its prefix: no division
// code starts with it, so a prefix match built from it matches nothing.
const invalidPrefix = "#"

// Valid reports whether the scope's code has the six-digit shape.
func (s Scope) Valid() bool { return validCode(s.Code) }

// IsCountry reports whether the scope is the whole country.
func (s Scope) IsCountry() bool { return s.Code == RootCode }

// Prefix returns the significant leading digits of the scope's code: "43"
// for 430000, "4301" for 430100, "430102" for a county and "" for the
// country. Every code in the scope starts with it. An invalid scope returns
// "#", which no code starts with.
func (s Scope) Prefix() string {
	if !s.Valid() {
		return invalidPrefix
	}
	p := s.Code
	// Trailing "00" pairs are the unused levels. Trimming whole pairs, not
	// every trailing zero, matters: county 430110 must stay 430110, not
	// become 43011 and swallow 430111-430119.
	for len(p) > 0 && strings.HasSuffix(p, "00") {
		p = p[:len(p)-2]
	}
	return p
}

// Contains reports whether code lies in the scope. It is exactly the string
// test that Scope.SQL makes the database perform, so lists and single-record
// checks agree.
func (s Scope) Contains(code string) bool {
	if !s.Valid() {
		return false
	}
	return strings.HasPrefix(code, s.Prefix())
}

// SQL returns a condition restricting column to the scope, for the WHERE
// clause of every scoped list and get, with "?" placeholders (rebound for
// PostgreSQL by the db layer). It is a range, not LIKE, so that both SQLite
// and PostgreSQL use a plain index on the column whatever its collation:
//
//	Scope{"430100"}.SQL("i.region") → "i.region >= ? AND i.region < ?", ["4301", "4302"]
//
// For six-digit codes the condition selects exactly what Contains accepts.
// The country gives "1=1" and an invalid scope "1=0", both without
// arguments. column is spliced into the SQL, so it must be a literal from
// the code: SQL panics unless it is a plain (optionally qualified)
// identifier.
func (s Scope) SQL(column string) (cond string, args []any) {
	if !isIdentifier(column) {
		panic(fmt.Sprintf("region: Scope.SQL: %q is not a column name", column))
	}
	switch {
	case !s.Valid():
		return "1=0", nil
	case s.IsCountry():
		return "1=1", nil
	}
	lo := s.Prefix()
	hi, ok := nextPrefix(lo)
	if !ok { // all nines: nothing sorts after the prefix among digit codes
		return column + " >= ?", []any{lo}
	}
	return column + " >= ? AND " + column + " < ?", []any{lo, hi}
}

// nextPrefix returns the smallest digit string of the same length greater
// than p ("4301" → "4302", "4309" → "4310"), carrying like a number. It
// stays within digits instead of bumping '9' to ':' because a locale
// collation in PostgreSQL may not sort punctuation after digits.
func nextPrefix(p string) (string, bool) {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b), true
		}
		b[i] = '0'
	}
	return "", false
}

// isIdentifier accepts names like region_code and i.region_code.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" || (part[0] >= '0' && part[0] <= '9') {
			return false
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}
