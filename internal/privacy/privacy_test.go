package privacy

import (
	"reflect"
	"strings"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/ident/identtest"
)

func kindsOf(fs []Finding) []Kind {
	var out []Kind
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	return out
}

func TestFind(t *testing.T) {
	for _, c := range []struct {
		text string
		want []Kind
	}{
		{"负责人身份证430102198001011234，手机13912345678，邮箱zhang.san@example.com", []Kind{IDNumber, Mobile, Email}},
		{"身份证号11010519491231002X", []Kind{IDNumber}},
		{"身份证号11010519491231002x（小写）", []Kind{IDNumber}},
		{"校验位错误的 110105194912310021 也是身份证号", []Kind{IDNumber}},
		{"分组书写 430102 19800101 1234", []Kind{IDNumber}},
		{"全角 ４３０１０２１９８００１０１１２３４", []Kind{IDNumber}},
		{"一代证 430102800101123", []Kind{IDNumber}},
		{"手机 139-1234-5678 或 139 1234 5678", []Kind{Mobile, Mobile}},
		{"+86 13912345678", []Kind{Mobile}},
		{"8613912345678", []Kind{Mobile}},
		{"电话0731-88886666", []Kind{Landline}},
		{"电话（0731）8888 6666", []Kind{Landline}},
		{"北京010-12345678，广州020-87654321", []Kind{Landline, Landline}},
		{"长沙 0731-8888666", []Kind{Landline}},
		{"邮箱：ＺＨＡＮＧ＠ＥＸＡＭＰＬＥ．ＣＯＭ", []Kind{Email}},
		{"邮箱 li_si+work@mail.hunan.gov.cn。", []Kind{Email}},
		// Not personal data: amounts, dates, document numbers, USCCs, counts.
		{"项目金额8600000.00元，2026年12月7日", nil},
		{"湘财监〔2026〕12号，依据财监〔2021〕4号第十条", nil},
		{"统一社会信用代码91430100MA4L16JX2N", nil},
		{"统一社会信用代码121200004013590816", nil},
		{"共 13 人，评分 85.80 分，20261207", nil},
		{"一串更长的数字 1391234567890123456789 不是号码", nil},
		{"注册号 430000000012345", nil},
		{"出生日期不存在 430102198013011234", nil},
		{"a@b 不是邮箱", nil},
	} {
		if got := kindsOf(Find(c.text)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Find(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// Every real ID number of the test data is found, whatever its check
// character; no real USCC is taken for one.
func TestFindRealIdentifiers(t *testing.T) {
	for _, line := range identtest.Lines(t, "resident-id.txt") {
		f := strings.Split(line, "\t")
		// valid numbers and those wrong only in their check character
		if f[1] != "valid" && !strings.Contains(f[2], "check character") {
			continue
		}
		number := f[0]
		if got := kindsOf(Find("身份证" + number + "。")); !reflect.DeepEqual(got, []Kind{IDNumber}) {
			t.Errorf("%s: %v", number, got)
		}
	}
	for _, code := range identtest.Lines(t, "uscc-valid.txt") {
		if got := Find("信用代码" + code + "，"); len(got) != 0 {
			t.Errorf("USCC %s taken for %v", code, kindsOf(got))
		}
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"身份证430102198001011234，手机13912345678": "身份证430102********1234，手机139****5678",
		"身份证11010519491231002X":               "身份证110105********002X",
		"一代证430102800101123":                  "一代证430102******123",
		"电话0731-88886666，010-12345678":        "电话0731-****6666，010-****5678",
		"+86 139 1234 5678":                   "+86 139 **** 5678",
		"邮箱zhang.san@example.com。":            "邮箱z***@example.com。",
		"全角１３９１２３４５６７８":                       "全角１３９****５６７８",
		"没有个人信息的文字，金额8600000.00元":             "没有个人信息的文字，金额8600000.00元",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
		if got := Mask(in); len(Find(got)) != 0 {
			t.Errorf("Mask(%q) still carries %v", in, kindsOf(Find(got)))
		}
	}
}

func TestCheckNamesWhatItFound(t *testing.T) {
	var f apperr.Fields
	Check(&f, "facts", "手机13912345678，身份证430102198001011234，再一个手机13800138000")
	Check(&f, "basis", "《评价管理办法》第十条")
	key, args := apperr.SplitKey(f["facts"])
	if key != "field.personal_data" || !reflect.DeepEqual(args, []string{"privacy.kind.id_number", "privacy.kind.mobile"}) {
		t.Fatalf("facts: %q %v", key, args)
	}
	if _, ok := f["basis"]; ok {
		t.Fatal("clean text refused")
	}
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"身份证430102198001011234", "手机+86 139 1234 5678", "０７３１－８８８８６６６６", "a@b.cn", "（0731）8888 6666"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := Mask(s)
		if len(Find(s)) == 0 && m != s {
			t.Fatalf("clean text changed: %q -> %q", s, m)
		}
		if again := Find(m); len(again) != 0 {
			t.Fatalf("Mask(%q) = %q still carries %v", s, m, kindsOf(again))
		}
	})
}
