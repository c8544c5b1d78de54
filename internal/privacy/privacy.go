// Package privacy keeps personal data out of what the public reads.
// Officials write free text that the public credit query publishes (a
// credit record's facts and basis, FAQ answers, project names on published
// draws); the public never sees a person's ID number, phone number or e-mail
// address (docs/ARCHITECTURE.md, "Personal data and the public"). Find
// locates them in text however they are typed (full-width digits, spaces or
// hyphens between groups, +86), Check refuses them when the text is saved,
// and Mask hides them when text stored before the guard is shown.
package privacy

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/ident"
	"evalcred/internal/textnorm"
)

// Kind is a kind of personal data.
type Kind string

// The kinds Find looks for, in the order a message lists them.
const (
	IDNumber Kind = "id_number" // GB 11643, with or without a valid check character
	Mobile   Kind = "mobile"    // a mainland mobile number
	Landline Kind = "landline"  // a mainland landline number with its area code
	Email    Kind = "email"
)

var kinds = []Kind{IDNumber, Mobile, Landline, Email}

// Finding is one piece of personal data: its kind and where it is in the
// text (byte offsets into the original string).
type Finding struct {
	Kind       Kind
	Start, End int
}

// The shapes, tried at every place a number can start; what they match is
// then checked in code (the ID number's birth date, the area code). Spaces
// and hyphens are allowed where people group the digits.
var (
	idShape       = regexp.MustCompile(`^\d{6}[ -]?\d{4}[ -]?\d{4}[ -]?\d{3}[\dXx]|^\d{15}`)
	mobileShape   = regexp.MustCompile(`^(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}`)
	landlineShape = regexp.MustCompile(`^(?:\(0\d{2,3}\)|0\d{2,3})[ -]?\d{3,4}[ -]?\d{4}`)
	emailShape    = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
)

// Find returns the personal data in s, in the order it appears.
func Find(s string) []Finding {
	if !strings.ContainsFunc(s, func(r rune) bool { return isDigitRune(r) || r == '@' || r == '＠' }) {
		return nil // most text: names, sentences without numbers
	}
	folded, offsets := fold(s)
	var out []Finding
	add := func(k Kind, start, end int) {
		out = append(out, Finding{Kind: k, Start: offsets[start], End: offsets[end]})
	}
	for _, m := range emailShape.FindAllStringIndex(folded, -1) {
		add(Email, m[0], m[1])
	}
	inEmail := func(i int) bool {
		for _, f := range out {
			if f.Kind == Email && offsets[i] >= f.Start && offsets[i] < f.End {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(folded); i++ {
		c := folded[i]
		if !(isDigit(c) || c == '+' || c == '(') || i > 0 && (isDigit(folded[i-1]) || folded[i-1] == '+') || inEmail(i) {
			continue
		}
		// The longest shape is 21 bytes (an ID number with separators):
		// a window a little longer keeps each match and the byte after it,
		// and keeps the regexps' work per place independent of the text's
		// length, so that Find stays linear on a long page.
		if k, n := number(folded[i:min(len(folded), i+numberWindow)]); n > 0 {
			add(k, i, i+n)
			i += n - 1
		}
	}
	sortFindings(out)
	return out
}

const numberWindow = 32

// number classifies the number that s starts with, returning its kind and
// length, or a zero length when s starts with no personal number. A number
// that runs on into more digits is none: it is part of something longer.
func number(s string) (Kind, int) {
	ends := func(n int) bool { return n == len(s) || !isDigit(s[n]) && s[n] != 'X' && s[n] != 'x' }
	if m := idShape.FindString(s); m != "" && ends(len(m)) && ident.LooksLikeResidentID(digitsOf(m)) {
		return IDNumber, len(m)
	}
	if m := landlineShape.FindString(s); m != "" && ends(len(m)) && validLandline(digitsOf(m)) {
		return Landline, len(m)
	}
	if m := mobileShape.FindString(s); m != "" && ends(len(m)) {
		return Mobile, len(m)
	}
	return "", 0
}

// validLandline checks an area code and local number: Beijing's 010 and the
// 02x codes have three digits and eight-digit numbers; the others four
// digits and seven- or eight-digit numbers.
func validLandline(d string) bool {
	if len(d) < 10 || d[0] != '0' || d[1] == '0' {
		return false
	}
	if d[1] == '1' || d[1] == '2' {
		return len(d) == 11 && (d[1] == '2' || d[2] == '0')
	}
	return len(d) == 11 || len(d) == 12
}

// Check adds an error for field to f when text carries personal data, naming
// what it found (the kinds, not the values).
func Check(f *apperr.Fields, field, text string) {
	if why := Reason(text); why != "" {
		f.Add(field, why)
	}
}

// Reason is the reason Check gives for text as a field's message key with its
// arguments (see apperr.AddArgs), or "" when text carries no personal data.
func Reason(text string) string {
	found := Find(text)
	if len(found) == 0 {
		return ""
	}
	var names []string
	for _, k := range kinds {
		for _, x := range found {
			if x.Kind == k {
				names = append(names, "privacy.kind."+string(k))
				break
			}
		}
	}
	return apperr.KeyArgs("field.personal_data", names...)
}

// Mask returns s with every piece of personal data hidden: an ID number as
// 430102********1234, a mobile as 139****5678, a landline's local number but
// its last four digits, an e-mail address but its first character and its
// domain. Text without personal data comes back unchanged.
func Mask(s string) string {
	found := Find(s)
	if len(found) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, f := range found {
		b.WriteString(s[last:f.Start])
		b.WriteString(mask(f.Kind, s[f.Start:f.End]))
		last = f.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// mask hides one value, keeping its separators where they were.
func mask(k Kind, v string) string {
	if k == Email {
		at := strings.LastIndexAny(v, "@＠")
		_, size := utf8.DecodeRuneInString(v)
		return v[:size] + "***" + v[at:]
	}
	digits := 0
	for _, r := range v {
		if isDigitOrX(r) {
			digits++
		}
	}
	// keep, of the digits (counted from the start): ID numbers their first
	// six and last four, mobiles their first three and last four, landlines
	// their area code and last four; the prefix +86 stays as written.
	keepHead, keepTail := 3, 4
	switch k {
	case IDNumber:
		keepHead = 6
		if digits == 15 {
			keepTail = 3
		}
	case Landline:
		keepHead = areaDigits(v)
	case Mobile:
		if digits == 13 {
			keepHead = 5
		}
	}
	var b strings.Builder
	i := 0
	for _, r := range v {
		if isDigitOrX(r) {
			if i >= keepHead && i < digits-keepTail {
				r = '*'
			}
			i++
		}
		b.WriteRune(r)
	}
	return b.String()
}

// areaDigits is the length of a landline's area code.
func areaDigits(v string) int {
	d := digitsOf(foldString(v))
	if len(d) > 2 && (d[1] == '1' || d[1] == '2') {
		return 3
	}
	return 4
}

// fold maps full-width ASCII to half-width rune by rune, keeping for each
// byte of the folded string the offset of its rune in s (and len(s) at the
// end), so that what is found in the folded text can be cut from s. Every
// rune that is not ASCII after folding becomes one placeholder byte, which
// no shape matches.
func fold(s string) (string, []int) {
	var b strings.Builder
	offsets := make([]int, 0, len(s)+1)
	for i, r := range s {
		r = textnorm.FoldWidth(r)
		switch r {
		case '（':
			r = '('
		case '）':
			r = ')'
		case '－', '—', '–':
			r = '-'
		}
		if r >= utf8.RuneSelf {
			r = '\x00'
		}
		b.WriteByte(byte(r))
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(s))
	return b.String(), offsets
}

func foldString(s string) string { f, _ := fold(s); return f }

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if isDigitRune(r) || r == 'X' || r == 'x' {
			return r
		}
		return -1
	}, foldString(s))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func isDigitOrX(r rune) bool {
	return isDigitRune(r) || r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ'
}

func sortFindings(fs []Finding) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Start < fs[j-1].Start; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}
