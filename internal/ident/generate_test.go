package ident

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestGeneratorsValidate is a property test: whatever the seed, generated
// identifiers validate and carry the requested division and birth date.
func TestGeneratorsValidate(t *testing.T) {
	divisions := []string{"430102", "110101", "650100", "100000"}
	for seed := range uint64(2000) {
		r := rand.New(rand.NewPCG(seed, 0x5eed))
		div := divisions[seed%uint64(len(divisions))]

		code := GenerateUSCC(r, div)
		if err := ValidateUSCC(code); err != nil {
			t.Fatalf("seed %d: GenerateUSCC = %s: %v", seed, code, err)
		}
		if DivisionOfUSCC(code) != div {
			t.Fatalf("seed %d: %s not in division %s", seed, code, div)
		}

		if div == "100000" { // central registrations have no resident IDs
			continue
		}
		birth := time.Date(1900+r.IntN(126), time.Month(1+r.IntN(12)), 1+r.IntN(31), 0, 0, 0, 0, time.UTC)
		id := GenerateResidentID(r, div, birth)
		if err := ValidateResidentID(id, testToday); err != nil {
			t.Fatalf("seed %d: GenerateResidentID(%s) = %s: %v", seed, birth.Format(time.DateOnly), id, err)
		}
		if !strings.HasPrefix(id, div+birth.Format("20060102")) {
			t.Fatalf("seed %d: %s lacks division and birth date", seed, id)
		}
	}
}

func TestGeneratorsDeterministic(t *testing.T) {
	gen := func() string {
		r := rand.New(rand.NewPCG(42, 42))
		birth := time.Date(1985, 7, 1, 0, 0, 0, 0, time.UTC)
		return GenerateUSCC(r, "430102") + GenerateResidentID(r, "430102", birth)
	}
	if a, b := gen(), gen(); a != b {
		t.Errorf("same seed, different output: %s vs %s", a, b)
	}
}

func TestGeneratorsPanicOnBadInput(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"USCC short division", func() { GenerateUSCC(rand.New(rand.NewPCG(1, 1)), "4301") }},
		{"ID bad province", func() {
			GenerateResidentID(rand.New(rand.NewPCG(1, 1)), "990101", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC))
		}},
		{"ID born 1899", func() {
			GenerateResidentID(rand.New(rand.NewPCG(1, 1)), "430102", time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tt.f()
		})
	}
}

func TestGenerateUSCCAsKeepsAuthorityAndType(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ a, k byte }{{'9', '1'}, {'3', '1'}, {'1', '2'}} {
		u := GenerateUSCCAs(r, "430102", c.a, c.k)
		if err := ValidateUSCC(u); err != nil || u[0] != c.a || u[1] != c.k || u[2:8] != "430102" {
			t.Errorf("%c%c: %s %v", c.a, c.k, u, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a type the authority does not allow did not panic")
		}
	}()
	GenerateUSCCAs(r, "430102", '9', '9')
}
