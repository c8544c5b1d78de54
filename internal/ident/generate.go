package ident

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// GenerateUSCC returns a valid unified social credit code registered in
// division (six digits, e.g. "430102"), for demo and load-test data. The
// result depends only on the state of r, so a seeded generator reproduces the
// same data set. Most codes are enterprises (91), as among real evaluation
// institutions; the rest are other valid authority/type pairs. It panics if
// division is not six digits, which is a programming error.
func GenerateUSCC(r *rand.Rand, division string) string {
	if len(division) != 6 || !allDigits(division) {
		panic(fmt.Sprintf("ident.GenerateUSCC: division %q is not six digits", division))
	}
	authority, kind := byte('9'), byte('1')
	if r.IntN(4) == 0 {
		const authorities = "123456789ANY"
		authority = authorities[r.IntN(len(authorities))]
		types := usccTypes(authority)
		kind = types[r.IntN(len(types))]
	}
	return GenerateUSCCAs(r, division, authority, kind)
}

// GenerateUSCCAs is GenerateUSCC with a given registration authority and
// organisation type (e.g. '9','1' for an enterprise registered with market
// regulation, '3','1' for a law firm, '1','2' for a public institution), so
// that demo data looks like what each kind of firm really carries. It panics
// on a pair the standard does not allow.
func GenerateUSCCAs(r *rand.Rand, division string, authority, kind byte) string {
	if len(division) != 6 || !allDigits(division) {
		panic(fmt.Sprintf("ident.GenerateUSCCAs: division %q is not six digits", division))
	}
	if !strings.ContainsRune(usccTypes(authority), rune(kind)) {
		panic(fmt.Sprintf("ident.GenerateUSCCAs: type %c not allowed for authority %c", kind, authority))
	}
	b := make([]byte, 0, 18)
	b = append(b, authority, kind)
	b = append(b, division...)
	// The organisation code body: like codes issued since 2015 it may hold
	// letters, but only from the USCC alphabet so the whole code stays valid.
	for range 8 {
		b = append(b, usccAlphabet[r.IntN(len(usccAlphabet))])
	}
	b = append(b, orgCheck(string(b[8:16])))
	b = append(b, usccCheck(string(b)))
	return string(b)
}

// GenerateResidentID returns a valid resident ID number for a person born on
// birth (its calendar date in its own location) and registered in division,
// for demo and load-test data. The sequence number comes from r. It panics if
// division would not validate (six digits starting with a province code) or
// birth is before 1900, which are programming errors.
func GenerateResidentID(r *rand.Rand, division string, birth time.Time) string {
	if len(division) != 6 || !allDigits(division) ||
		!strings.Contains(provinceCodes, " "+division[:2]+" ") {
		panic(fmt.Sprintf("ident.GenerateResidentID: division %q is not a province-rooted six-digit code", division))
	}
	if birth.Year() < 1900 {
		panic(fmt.Sprintf("ident.GenerateResidentID: birth %s is before 1900", birth.Format(time.DateOnly)))
	}
	// Sequence 001-999: 000 is not issued in practice.
	body := fmt.Sprintf("%s%s%03d", division, birth.Format("20060102"), r.IntN(999)+1)
	return body + string(residentCheck(body))
}
