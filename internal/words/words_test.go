package words_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/filing"
	"evalcred/internal/locale"
	"evalcred/internal/registry"
	"evalcred/internal/review"
	"evalcred/internal/words"
)

func TestFieldLabels(t *testing.T) {
	names := func(_, item string) string {
		return map[string]string{"practitioners[id_number=430102********1234]": "张三", "lead_evaluators[0]": "李四"}[item]
	}
	for _, c := range []struct{ lang, path, want string }{
		{"zh", "practitioners[id_number=430102********1234].qualifications[0].kind", "从业人员 张三 · 资格证书 第1项 · 类别"},
		{"en", "practitioners[id_number=430102********1234].qualifications[1].number", "Practitioner 张三 · Qualification no. 2 · Certificate number"},
		{"zh", "lead_evaluators[0].id_number", "主评人 李四 · 公民身份号码"},
		{"zh", "experts[2].name", "合作专家 第3项 · 姓名"},
		{"zh", "institution.contact_email", "机构基本信息 · 联系人电子邮箱"},
		{"zh", "legal_representative.id_number", "法定代表人 · 公民身份号码"},
		{"zh", "comments", "退回意见"},
		{"zh", "sanction.ends_on", "处理处罚 · 截止日期"},
		{"en", "branches[0].name", "Branch no. 1 · Branch name"},
		{"zh", "no_such_thing", "填写内容"},
		{"zh", "indicators.决策.项目立项", "指标 · 决策 · 项目立项"},
	} {
		if got := words.Field(c.lang, c.path, names); got != c.want {
			t.Errorf("Field(%s, %q) = %q, want %q", c.lang, c.path, got, c.want)
		}
	}
}

// Every field of a filing has a label in both languages: the diff, the
// error summaries and the spreadsheets never fall back to the path.
func TestEveryFilingFieldHasALabel(t *testing.T) {
	full := filing.Document{
		Institution:         filing.InstitutionInfo{Name: "x", Type: "x", EstablishedOn: "x", Address: "x", RegionCode: "x", ContactName: "x", ContactPhone: "x", ContactEmail: "x"},
		LegalRepresentative: filing.LegalRepresentative{Name: "x", IDNumber: "x", Phone: "x"},
		LeadEvaluators:      []filing.Person{{Name: "x", IDNumber: "1", Education: "x", Title: "x", Qualifications: []filing.Qualification{{Kind: "x", Number: "x"}}, EmployedSince: "x"}},
		Practitioners:       []filing.Person{{Name: "x", IDNumber: "2", Education: "x", Title: "x", Qualifications: []filing.Qualification{{Kind: "x", Number: "x"}}, EmployedSince: "x"}},
		Experts:             []filing.Expert{{Name: "x", IDNumber: "3", Title: "x", Field: "x", Employer: "x"}},
		Branches:            []filing.Branch{{Name: "x", USCC: "x", Address: "x", RegionCode: "x", HasLegalPersonality: true}},
		BusinessRecords:     []filing.BusinessRecord{{Client: "x", Year: 1, Project: "x", AmountFen: 1, Role: "x", ReportAttachmentID: 1}},
		Attachments:         []filing.AttachmentRef{{ID: 1, Kind: "x"}},
	}
	changes := filing.DiffDocuments(&filing.Document{}, &full)
	if len(changes) < 30 {
		t.Fatalf("only %d fields compared", len(changes))
	}
	for _, c := range changes {
		for _, lang := range locale.Languages {
			if !words.HasField(lang, c.Path) {
				t.Errorf("%s: no label for %s", lang, words.Generic(c.Path))
			}
		}
	}
}

// Every code a page may show has its word in both languages.
func TestEveryCodeHasAWord(t *testing.T) {
	roles := make([]string, len(auth.Roles))
	for i, r := range auth.Roles {
		roles[i] = string(r)
	}
	for set, codes := range map[string][]string{
		"institution_type": registry.Types,
		"qualification":    filing.QualificationKinds,
		"section":          append([]string{review.CommentGeneral}, filing.Sections...),
		"attachment_kind":  filing.AttachmentKinds,
		"role":             roles,
		"filing_state":     {"none", "draft", "level1", "level2", "approved", "returned"},
		"review_state":     {review.TaskOpen, review.TaskApproved, review.TaskReturned},
		"change":           {"added", "removed", "changed"},
		"project_role":     {"lead", "participant"},
		"severity":         {"minor", "general", "serious"},
		"grade":            {"excellent", "good", "qualified", "unqualified"},
	} {
		for _, c := range codes {
			for _, lang := range locale.Languages {
				if !words.HasCode(lang, set, c) {
					t.Errorf("%s: no word for %s %q", lang, set, c)
				}
			}
		}
	}
	if got := words.Code("zh", "qualification", "cost_engineer"); got != "造价工程师" {
		t.Errorf("cost_engineer in Chinese: %q", got)
	}
	if code, ok := words.CodeOf("qualification", "Cost engineer"); !ok || code != "cost_engineer" {
		t.Errorf("CodeOf(Cost engineer) = %q %v", code, ok)
	}
	if got := words.AuditAction("zh", "project.team_formed"); got != "评价项目：组建团队" {
		t.Errorf("a project step in the audit log: %q", got)
	}
}

func TestMoneyDatesAndSizes(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{words.Yuan(860000000), "8,600,000.00"},
		{words.Yuan(-1205), "-12.05"},
		{words.Yuan(99), "0.99"},
		{words.Money("zh", 36779200), "367,792.00元"},
		{words.Money("en", 36779200), "CNY 367,792.00"},
		{words.Wan("zh", 860000000), "860万元"},
		{words.Wan("zh", 123456789), "123.46万元"},
		{words.Wan("zh", 500000), "5,000.00元"},
		{words.Wan("en", 860000000), "CNY 8.6 million"},
		{words.Wan("en", 3678000), "CNY 36.8 thousand"},
		{words.Date("zh", calendar.MustParseDate("2026-12-07")), "2026年12月7日"},
		{words.Date("en", calendar.MustParseDate("2026-12-07")), "7 Dec 2026"},
		{words.Size(512), "512 B"},
		{words.Size(12800), "12.5 KB"},
		{words.Size(3 << 20), "3 MB"},
		{words.Number(1234567), "1,234,567"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Every field a service names in a 422 (f.Add("field", …) anywhere in the
// code) has a label, so that no error summary falls back to "the form".
func TestEveryRefusedFieldHasALabel(t *testing.T) {
	added := regexp.MustCompile(`\.Add\("([a-z_]+)[".]`)
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !strings.Contains(string(src), "apperr") {
			return nil // url.Values and the like also have Add
		}
		for _, m := range added.FindAllStringSubmatch(string(src), -1) {
			for _, lang := range locale.Languages {
				if !words.HasField(lang, m[1]) {
					t.Errorf("%s: %s refuses field %q, which has no label", lang, path, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
