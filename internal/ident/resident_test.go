package ident

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

var testToday = time.Date(2026, time.March, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func TestValidateResidentIDTestData(t *testing.T) {
	for _, c := range readResidentCases(t) {
		err := ValidateResidentID(c.number, testToday)
		if (err == nil) != c.valid {
			t.Errorf("ValidateResidentID(%s) = %v, want valid=%v (%s)", c.number, err, c.valid, c.why)
		}
	}
}

func TestValidateResidentIDReasons(t *testing.T) {
	tests := []struct {
		name, in, reason string // reason "" means valid
	}{
		{"standard example", "11010519491231002X", ""},
		{"lower-case x", "11010519491231002x", ""},
		{"Hong Kong residence permit", GenerateResidentID(rand.New(rand.NewPCG(1, 2)), "810000", time.Date(1990, 5, 6, 0, 0, 0, 0, time.UTC)), ""},
		{"born today", GenerateResidentID(rand.New(rand.NewPCG(1, 2)), "430102", testToday), ""},
		{"short", "1101051949123100", ReasonLength},
		{"15-digit old format", "110105491231002", ReasonLength},
		{"X in the middle", "1101051949X231002X", ReasonAlphabet},
		{"other letter last", "11010519491231002A", ReasonAlphabet},
		{"province 10", fixCheck("10010519491231002"), ReasonDivision},
		{"province 99", fixCheck("99010519491231002"), ReasonDivision},
		{"30 February", fixCheck("43010219900230123"), ReasonBirthdate},
		{"29 February 2023", fixCheck("43010220230229123"), ReasonBirthdate},
		{"29 February 2024", fixCheck("43010220240229123"), ""},
		{"born 1899", fixCheck("43010218991231123"), ReasonBirthdate},
		{"born tomorrow", fixCheck("43010220260316123"), ReasonBirthdate},
		{"wrong check", "110105194912310021", ReasonChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateResidentID(tt.in, testToday)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("ValidateResidentID(%s) = %v, want nil", tt.in, err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Field != FieldResidentID || e.Reason != tt.reason {
				t.Errorf("ValidateResidentID(%s) = %#v, want reason %s", tt.in, err, tt.reason)
			}
		})
	}
}

// fixCheck appends the right check character, so that a case tests exactly
// the rule it names.
func fixCheck(body string) string { return body + string(residentCheck(body)) }

func TestValidateResidentIDSubstitutions(t *testing.T) {
	for _, c := range readResidentCases(t) {
		if !c.valid {
			continue
		}
		for i := range 18 {
			for _, ch := range []byte("0123456789Xx") {
				if ch == c.number[i] || (i == 17 && (ch|0x20) == (c.number[i]|0x20)) {
					continue
				}
				bad := c.number[:i] + string(ch) + c.number[i+1:]
				if ValidateResidentID(bad, testToday) == nil {
					t.Errorf("ValidateResidentID(%s) = nil (from %s)", bad, c.number)
				}
			}
		}
	}
}

func TestNormalizeResidentID(t *testing.T) {
	tests := []struct{ in, want string }{
		{" 11010519491231002x ", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
	}
	for _, tt := range tests {
		if got := NormalizeResidentID(tt.in); got != tt.want {
			t.Errorf("NormalizeResidentID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskResidentID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"430102199001011234", "430102********1234"},
		{"11010519491231002X", "110105********002X"},
		{"4301021990", "******1990"},
		{"1234", "****"},
		{"12", "**"},
		{"", ""},
		{"４３0102199001011234", "４３0102********1234"},
	}
	for _, tt := range tests {
		if got := MaskResidentID(tt.in); got != tt.want {
			t.Errorf("MaskResidentID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
