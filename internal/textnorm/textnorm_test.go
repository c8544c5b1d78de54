package textnorm

import (
	"slices"
	"testing"
)

func TestName(t *testing.T) {
	cases := map[string]string{
		"湖南天平会计师事务所有限公司":             "湖南天平会计师事务所有限公司",
		" 湖南 天平\u3000会计师事务所（特殊普通合伙）": "湖南天平会计师事务所(特殊普通合伙)",
		"ＡＢＣ咨询 Co.":  "abc咨询co.",
		"天平\u200b会计": "天平会计",
	}
	for in, want := range cases {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBigrams(t *testing.T) {
	if got := Bigrams("信用修复信用", 0); !slices.Equal(got, []string{"信用", "用修", "修复", "复信"}) {
		t.Errorf("Bigrams = %v", got)
	}
	if got := Bigrams("信", 0); !slices.Equal(got, []string{"信"}) {
		t.Errorf("one rune: %v", got)
	}
	if got := Bigrams("abcdef", 2); len(got) != 2 {
		t.Errorf("limit: %v", got)
	}
}
