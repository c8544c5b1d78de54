package textcheck

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestCheck(t *testing.T) {
	cases := []struct {
		name string
		rule Rule
		in   string
		want string // the value accepted, when why is ""
		why  string
	}{
		{"plain", Name, "湖南天平会计师事务所", "湖南天平会计师事务所", ""},
		{"empty", Name, "", "", ""},
		{"blank", Name, "   ", "   ", ""},
		{"decomposed is composed", Name, "Cafe\u0301", "Café", ""},
		{"nul", Name, "天平\x00会计", "", ReasonControl},
		{"bel", Name, "天平\a", "", ReasonControl},
		{"esc", Text, "\x1b[31m红色", "", ReasonControl},
		{"del", Name, "a\x7fb", "", ReasonControl},
		{"c1", Name, "a\u0085b", "", ReasonControl},
		{"nul in text", Text, "事实\x00经过", "", ReasonControl},
		{"line break in a name", Name, "天平\n会计", "", ReasonLineBreak},
		{"tab in a name", Name, "天平\t会计", "", ReasonLineBreak},
		{"line breaks in text", Text, "第一段\r\n第二段\t完", "第一段\r\n第二段\t完", ""},
		{"rlo", Name, "\u202e所务事计会", "", ReasonBidi},
		{"isolate", Text, "a\u2066b", "", ReasonBidi},
		{"zero width only", Name, "\u200b\u200b", "", ReasonInvisible},
		{"zero width and spaces", Name, " \u200d\ufeff\u2060 ", "", ReasonInvisible},
		{"zero width inside a name", Name, "天平\u200b会计", "天平\u200b会计", ""},
		{"not utf-8", Name, "\xff\xfe", "", ReasonEncoding},
		{"long search", Search, strings.Repeat("天", 201), "", TooLong(200)},
		{"search at its cap", Search, strings.Repeat("天", 200), strings.Repeat("天", 200), ""},
		{"long text", Text, strings.Repeat("a", 20001), "", TooLong(20000)},
		{"password kept as sent", Secret, "Cafe\u0301\x00", "Cafe\u0301\x00", ""},
		{"long password", Secret, strings.Repeat("p", 1001), "", TooLong(1000)},
	}
	for _, c := range cases {
		got, why := c.rule.Check(c.in)
		if why != c.why || why == "" && got != c.want {
			t.Errorf("%s: Check(%q) = %q, %q; want %q, %q", c.name, c.in, got, why, c.want, c.why)
		}
	}
}

func TestFor(t *testing.T) {
	cases := map[string]Rule{
		"q": Search, "name": Name, "legal_representative.name": Name, "experts[2].name": Name,
		"facts": Text, "comments.cpa": Text, "justifications.3": Text, "comment.institution": Text,
		"uscc": Line, "institution.address": Line, "password": Secret, "indicators": Long,
	}
	for field, want := range cases {
		if got := For(field); got != want {
			t.Errorf("For(%q) = %+v, want %+v", field, got, want)
		}
	}
	if Label("experts[2].name") != "input.label.name" || Label("zzz") != "input.label.other" {
		t.Errorf("labels: %s %s", Label("experts[2].name"), Label("zzz"))
	}
}

// FuzzCheck: whatever comes in, an accepted value is valid UTF-8 in NFC,
// within its cap, free of control and bidirectional characters (line
// breaks only where the rule allows them) and not invisible only; and
// checking it again changes nothing.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"湖南天平", "a\x00b", "\u202e", "\u200b", "e\u0301", "x\ny", "\xff", strings.Repeat("长", 300), " \t "} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, lines bool) {
		rule := Name
		if lines {
			rule = Text
		}
		got, why := rule.Check(s)
		if why != "" {
			return
		}
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) || utf8.RuneCountInString(got) > rule.Max {
			t.Fatalf("accepted %q as %q", s, got)
		}
		invisible := true
		for _, c := range got {
			if c < 0x20 && !(lines && (c == '\n' || c == '\r' || c == '\t')) || c >= 0x7f && c <= 0x9f || Bidi(c) {
				t.Fatalf("accepted %q with %U", s, c)
			}
			invisible = invisible && Invisible(c)
		}
		if invisible && strings.ContainsFunc(got, zeroWidth) {
			t.Fatalf("accepted invisible %q", s)
		}
		if again, why := rule.Check(got); why != "" || again != got {
			t.Fatalf("checking %q again: %q %q", got, again, why)
		}
	})
}
