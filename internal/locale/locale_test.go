package locale

import (
	"regexp"
	"strings"
	"testing"
)

// Both languages are complete: every key exists in each, with the same placeholders.
func TestLanguagesHaveTheSameKeys(t *testing.T) {
	zh, en := catalog["zh"], catalog["en"]
	for k, v := range zh {
		w, ok := en[k]
		if !ok {
			t.Errorf("en lacks %q", k)
			continue
		}
		if placeholders(v) != placeholders(w) {
			t.Errorf("%q: zh has placeholders %q, en %q", k, placeholders(v), placeholders(w))
		}
		if strings.TrimSpace(v) == "" || strings.TrimSpace(w) == "" {
			t.Errorf("%q is empty", k)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("zh lacks %q", k)
		}
	}
}

func placeholders(s string) string {
	var b strings.Builder
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			if s[i+1] == '%' {
				i++
				continue
			}
			b.WriteByte(s[i+1])
		}
	}
	return b.String()
}

func TestMatch(t *testing.T) {
	for in, want := range map[string]string{"": "zh", "en-US,en;q=0.9": "en", "zh-CN": "zh", "fr": "zh", "fr, en;q=0.5": "en"} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
	}
}

// Chinese text uses full-width punctuation: no half-width colon, bracket,
// comma or semicolon beside Chinese characters.
func TestChinesePunctuation(t *testing.T) {
	halfWidth := regexp.MustCompile(`\p{Han} ?[:(),;?!]|[(] ?\p{Han}|\p{Han}\)`)
	for k, v := range catalog["zh"] {
		if m := halfWidth.FindString(v); m != "" {
			t.Errorf("zh %q: half-width punctuation %q in %q", k, m, v)
		}
	}
}

// English text is English: Chinese appears only where the English names a
// Chinese term people type (a search example, the indicators' level-1
// names as the templates spell them).
func TestEnglishIsEnglish(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}`)
	typed := map[string]bool{"creditweb.public.q_hint": true, "indicator.level1": true}
	for k, v := range catalog["en"] {
		if han.MatchString(v) && !typed[k] {
			t.Errorf("en %q is not English: %q", k, v)
		}
	}
}
