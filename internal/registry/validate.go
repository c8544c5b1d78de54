package registry

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"evalcred/internal/calendar"
	"evalcred/internal/ident"
	"evalcred/internal/region"
)

// USCCKey validates a normalised USCC and returns "" or the message key of
// the reason it is wrong (field.uscc_checksum, field.uscc_length ...), so
// that every form naming a USCC explains it the same way.
func USCCKey(uscc string) string {
	if uscc == "" {
		return "field.required"
	}
	return identKey("field.uscc_", ident.ValidateUSCC(uscc))
}

// identKey maps an ident validation error to prefix + its reason.
func identKey(prefix string, err error) string {
	if err == nil {
		return ""
	}
	var ie *ident.Error
	if errors.As(err, &ie) {
		return prefix + ie.Reason
	}
	return prefix + ident.ReasonChecksum
}

// ResidentIDKey is USCCKey for resident ID numbers: field.id_number_checksum
// and so on; today bounds the birth date.
func ResidentIDKey(id string, today time.Time) string {
	if id == "" {
		return "field.required"
	}
	return identKey("field.id_number_", ident.ValidateResidentID(id, today.In(calendar.China())))
}

// mobile numbers, and landlines with area code and optional extension.
var phoneRE = regexp.MustCompile(`^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$`)

// ValidPhone reports whether s looks like a Chinese mobile or landline number
// (spaces and dashes between digit groups are allowed).
func ValidPhone(s string) bool {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	return phoneRE.MatchString(s)
}

var emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`)

// ValidEmail reports whether s is a plain e-mail address (no display name).
func ValidEmail(s string) bool { return len(s) <= 254 && emailRE.MatchString(s) }

// TooLong reports whether s has more than n characters (runes, not bytes:
// Chinese names are counted as people count them).
func TooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// RegionKey returns "" when code is a known city or county, else the
// message key saying why not: institutions belong to a city or county, never
// to a province or the country.
func RegionKey(code string) string {
	if code == "" {
		return "field.required"
	}
	r, ok := region.Default().Lookup(code)
	if !ok {
		return "field.region_code"
	}
	if r.Level < region.City {
		return "field.region_level"
	}
	return ""
}
