package ident

import (
	"strings"
	"time"
)

// provinceCodes lists the province-level GB/T 2260 codes that can start a
// resident ID. It is deliberately not today's division table: an ID keeps the
// county code of the place of first registration for life, so abolished
// county codes are valid, but the province-level codes have been stable since
// Chongqing (50) in 1997. 81, 82 and 83 start the residence-permit numbers of
// Hong Kong, Macao and Taiwan residents, which use the same GB 11643 layout.
const provinceCodes = " 11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83 "

// earliestBirth is the lower bound for a birth date: nobody alive and working
// was born before it, and it rejects digit swaps in the year.
const earliestBirth = 19000101

// ValidateResidentID checks a citizen identity number (GB 11643-1999). The
// input should be normalised first (NormalizeResidentID); a lower-case x is
// accepted anyway. today bounds the birth date; its calendar date is read in
// its own location, so pass a time in China time. It returns nil or a *Error
// with Field FieldResidentID.
func ValidateResidentID(s string, today time.Time) error {
	fail := func(reason string) error { return &Error{Field: FieldResidentID, Reason: reason} }
	if len(s) != 18 {
		if strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 }) >= 0 {
			return fail(ReasonAlphabet)
		}
		return fail(ReasonLength)
	}
	if !allDigits(s[:17]) || !(allDigits(s[17:]) || s[17] == 'X' || s[17] == 'x') {
		return fail(ReasonAlphabet)
	}
	if !strings.Contains(provinceCodes, " "+s[:2]+" ") {
		return fail(ReasonDivision)
	}
	if !validBirth(s[6:14], today) {
		return fail(ReasonBirthdate)
	}
	check := s[17]
	if check == 'x' {
		check = 'X'
	}
	if residentCheck(s[:17]) != check {
		return fail(ReasonChecksum)
	}
	return nil
}

// validBirth reports whether yyyymmdd is a real date between earliestBirth
// and today inclusive.
func validBirth(yyyymmdd string, today time.Time) bool {
	b, err := time.Parse("20060102", yyyymmdd)
	if err != nil { // time.Parse rejects 13th months and 30 February
		return false
	}
	y, m, d := today.Date()
	n := b.Year()*10000 + int(b.Month())*100 + b.Day()
	return n >= earliestBirth && n <= y*10000+int(m)*100+d
}

// residentCheck computes the ISO 7064 MOD 11-2 check character over the
// first 17 digits.
func residentCheck(body string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// MaskResidentID hides the birth date and sequence of an ID number for
// display: 430102********1234. Input of any other length is masked except
// for its last four characters (entirely, if it has four or fewer), so a
// malformed value never leaks either.
func MaskResidentID(s string) string {
	r := []rune(s)
	if len(r) == 18 {
		return string(r[:6]) + strings.Repeat("*", 8) + string(r[14:])
	}
	if len(r) <= 4 {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
}

// LooksLikeResidentID reports whether digits has the layout of a resident ID
// number, whatever its check character: 18 characters (17 digits and a digit
// or X) opening with a province code and a real birth date from 1900 to 2099,
// or a first-generation 15-digit number (province code, then YYMMDD). It is
// for finding ID numbers written into free text, where a mistyped check
// character still names a person.
func LooksLikeResidentID(digits string) bool {
	switch len(digits) {
	case 18:
		last := digits[17]
		if !allDigits(digits[:17]) || !(last >= '0' && last <= '9' || last == 'X' || last == 'x') {
			return false
		}
		return strings.Contains(provinceCodes, " "+digits[:2]+" ") && realDate(digits[6:14])
	case 15:
		return allDigits(digits) && strings.Contains(provinceCodes, " "+digits[:2]+" ") && realDate("19"+digits[6:12])
	}
	return false
}

// realDate reports whether yyyymmdd is a real date from 1900 to 2099.
func realDate(yyyymmdd string) bool {
	b, err := time.Parse("20060102", yyyymmdd)
	return err == nil && b.Year() >= 1900 && b.Year() <= 2099
}
