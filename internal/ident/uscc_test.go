package ident

import (
	"errors"
	"fmt"
	"testing"

	"evalcred/internal/ident/identtest"
)

func TestValidateUSCCRealCodes(t *testing.T) {
	for _, code := range identtest.Lines(t, "uscc-valid.txt") {
		if err := ValidateUSCC(code); err != nil {
			t.Errorf("ValidateUSCC(%s) = %v, want nil", code, err)
		}
	}
}

// TestValidateUSCCSubstitutions proves the check catches every single-character
// typing error: each position replaced by each other alphabet character, and
// by characters outside the alphabet.
func TestValidateUSCCSubstitutions(t *testing.T) {
	illegal := "IOSVZa*"
	for _, code := range identtest.Lines(t, "uscc-valid.txt") {
		for i := range len(code) {
			for _, c := range []byte(usccAlphabet + illegal) {
				if c == code[i] {
					continue
				}
				bad := code[:i] + string(c) + code[i+1:]
				if ValidateUSCC(bad) == nil {
					t.Errorf("ValidateUSCC(%s) = nil (from %s, position %d)", bad, code, i+1)
				}
			}
		}
	}
}

func TestValidateUSCCReasons(t *testing.T) {
	tests := []struct {
		name, in, reason string
	}{
		{"empty", "", ReasonLength},
		{"short", "91430102MA4L", ReasonLength},
		{"long", "91310115MA1K3BTP2BB", ReasonLength},
		{"forbidden letter O", "91310115MA1K3OTP2B", ReasonAlphabet},
		{"lower case", "91310115ma1k3btp2b", ReasonAlphabet},
		{"full-width", "９1310115MA1K3BTP2", ReasonAlphabet},
		{"unknown authority", "B1310115MA1K3BTP2B", ReasonAuthority},
		{"type not allowed for authority 9", "94310115MA1K3BTP2B", ReasonAuthority},
		{"type not allowed for Y", "Y2310115MA1K3BTP2B", ReasonAuthority},
		{"letter in division", "913101A5MA1K3BTP2B", ReasonDivision},
		{"final check", "91310115MA1K3BTP2C", ReasonChecksum},
		{"org code check", "91310115MA1K3BTP3B", ReasonChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateUSCC(tt.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ValidateUSCC(%q) = %v, want *Error", tt.in, err)
			}
			if e.Field != FieldUSCC || e.Reason != tt.reason {
				t.Errorf("got %s/%s, want %s/%s", e.Field, e.Reason, FieldUSCC, tt.reason)
			}
		})
	}
}

func TestNormalizeUSCC(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91310115MA1K3BTP2B", "91310115MA1K3BTP2B"},
		{"  91310115ma1k3btp2b\n", "91310115MA1K3BTP2B"},
		{"\u3000９１３１０１１５ＭＡ１Ｋ３ＢＴＰ２Ｂ", "91310115MA1K3BTP2B"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeUSCC(tt.in); got != tt.want {
			t.Errorf("NormalizeUSCC(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.want != "" && ValidateUSCC(NormalizeUSCC(tt.in)) != nil {
			t.Errorf("normalised %q does not validate", tt.in)
		}
	}
}

func TestDivisionOfUSCC(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91310115MA1K3BTP2B", "310115"},
		{"9131011", ""},
	}
	for _, tt := range tests {
		if got := DivisionOfUSCC(tt.in); got != tt.want {
			t.Errorf("DivisionOfUSCC(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestErrorMessagesAndMatching(t *testing.T) {
	err := fmt.Errorf("register institution: %w", ValidateUSCC("91310115MA1K3BTP2C"))
	if !errors.Is(err, &Error{Reason: ReasonChecksum}) {
		t.Errorf("errors.Is(checksum) = false for %v", err)
	}
	if errors.Is(err, &Error{Field: FieldResidentID}) {
		t.Errorf("errors.Is(resident_id) = true for a USCC error")
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatal("errors.As failed")
	}
	for _, reason := range []string{ReasonLength, ReasonAlphabet, ReasonAuthority, ReasonDivision, ReasonBirthdate, ReasonChecksum} {
		for _, field := range []string{FieldUSCC, FieldResidentID} {
			e := &Error{Field: field, Reason: reason}
			if e.MessageEN() == "" || e.MessageZH() == "" || e.Error() != e.MessageEN() {
				t.Errorf("%s/%s: empty or inconsistent messages", field, reason)
			}
		}
	}
	if got := (&Error{Field: FieldUSCC, Reason: ReasonChecksum}).MessageZH(); got != "统一社会信用代码的校验位不正确,请检查是否输入有误" {
		t.Errorf("MessageZH = %q", got)
	}
}

// FuzzValidateUSCC checks that validation never panics and that whatever is
// accepted is already in normal form.
func FuzzValidateUSCC(f *testing.F) {
	for _, seed := range []string{"91310115MA1K3BTP2B", "121200004013590816", "", "９1", "Y1000000000000000X"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateUSCC(s) != nil {
			return
		}
		if n := NormalizeUSCC(s); n != s {
			t.Errorf("valid %q normalises to %q", s, n)
		}
		if DivisionOfUSCC(s) != s[2:8] {
			t.Errorf("DivisionOfUSCC(%q) wrong", s)
		}
	})
}
