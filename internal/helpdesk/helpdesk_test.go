package helpdesk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/helpdesk"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/textnorm"
)

// Monday 2 March 2026, 09:00 in China.
var start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

type env struct {
	ctx context.Context
	d   *db.DB
	clk *clock.Fake
	s   *helpdesk.Service
	// asker is a user of an institution of 430102, desk a reviewer of its
	// county (the desk its questions go to), admin the province's
	// administrator.
	asker, desk, admin *auth.Actor
}

func newEnv(t *testing.T, d *db.DB) *env {
	clk := clock.NewFake(start)
	e := &env{ctx: context.Background(), d: d, clk: clk,
		s: &helpdesk.Service{DB: d, Clock: clk, Cal: calendar.Default(), Notify: registrytest.Notifier()}}
	_, e.asker = registrytest.NewApprovedInstitution(t, d, clk, "430102")
	e.desk = registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430102")
	e.admin = registrytest.Official(t, d, clk, auth.RoleProvincialAdmin, "430000")
	return e
}

func (e *env) notices(t *testing.T, userID int64, kind string) int {
	t.Helper()
	return e.count(t, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?", userID, kind)
}

func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An open question past its deadline reminds its desk once a day, however
// often the job runs, and again the next day.
func TestOverdueReminderOncePerDay(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx, asker, desk := e.ctx, e.asker, e.desk
		res, err := e.s.Ask(ctx, asker, helpdesk.AskInput{Category: "filing", Text: "附件格式有什么要求？"})
		if err != nil {
			t.Fatal(err)
		}
		q, _ := e.s.Get(ctx, asker, res.ID)
		// Two working days from Monday: due Wednesday night.
		if got := calendar.DateOf(q.DueAt).String(); got != "2026-03-04" {
			t.Fatalf("due %s", got)
		}
		if n, _ := e.s.RemindOverdue(ctx); n != 0 {
			t.Fatalf("reminded before the deadline: %d", n)
		}
		e.clk.Set(time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC)) // Thursday 09:00
		for range 3 {
			if _, err := e.s.RemindOverdue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := e.notices(t, desk.UserID, "notice.question_overdue"); n != 1 {
			t.Fatalf("reminders on the first overdue day: %d, want 1", n)
		}
		e.clk.Advance(24 * time.Hour)
		if n, _ := e.s.RemindOverdue(ctx); n != 1 {
			t.Fatalf("next day: %d", n)
		}
		if n := e.notices(t, desk.UserID, "notice.question_overdue"); n != 2 {
			t.Fatalf("reminders after two days: %d", n)
		}
		// Answered questions are left alone.
		if _, err := e.s.Answer(ctx, desk, res.ID, "PDF 或 JPG，单个不超过20MB。"); err != nil {
			t.Fatal(err)
		}
		e.clk.Advance(24 * time.Hour)
		if n, _ := e.s.RemindOverdue(ctx); n != 0 {
			t.Fatalf("answered question reminded: %d", n)
		}
	})
}

// Suggestions match on parts of Chinese words, and an answered question
// can become a public FAQ entry found the same way.
func TestSuggestAndFAQ(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx, asker, desk, admin := e.ctx, e.asker, e.desk, e.admin
		res, _ := e.s.Ask(ctx, asker, helpdesk.AskInput{Category: "credit", Text: "失信记录公布期满后如何申请信用修复？"})
		// Open questions are not suggested: they have no answer to offer.
		if sg, _ := e.s.Suggest(ctx, asker, "信用修复"); len(sg) != 0 {
			t.Fatalf("open question suggested: %+v", sg)
		}
		if _, err := e.s.Answer(ctx, desk, res.ID, "提交整改材料和信用承诺书，向作出记录的部门申请。"); err != nil {
			t.Fatal(err)
		}
		// "修复申请" is not a word of the question, but its bigrams are.
		sg, err := e.s.Suggest(ctx, asker, "怎么申请信用修复")
		if err != nil || len(sg) != 1 || sg[0].Kind != "question" || sg[0].ID != res.ID {
			t.Fatalf("suggest: %+v %v", sg, err)
		}
		if sg, _ := e.s.Suggest(ctx, asker, "营业执照上传"); len(sg) != 0 {
			t.Fatalf("unrelated text suggested %+v", sg)
		}
		if _, err := e.s.CreateFAQ(ctx, desk, helpdesk.FAQInput{QuestionIDs: []int64{res.ID}}); err == nil {
			t.Fatal("a county reviewer created an FAQ entry")
		}
		f, err := e.s.CreateFAQ(ctx, admin, helpdesk.FAQInput{QuestionIDs: []int64{res.ID}, PolicyYear: 2026})
		if err != nil || f.Category != "credit" || f.Answer == "" {
			t.Fatalf("faq: %+v %v", f, err)
		}
		list, err := e.s.SearchFAQ(ctx, "修复", "", 0)
		if err != nil || len(list) != 1 || list[0].ID != f.ID || list[0].Shown != 1 {
			t.Fatalf("search: %+v %v", list, err)
		}
		if list, _ := e.s.SearchFAQ(ctx, "禁入", "", 0); len(list) != 0 {
			t.Fatalf("unrelated search found %+v", list)
		}
		if h, err := e.s.MarkHelpful(ctx, f.ID); err != nil || h.Helpful != 1 || h.Shown != 1 {
			t.Fatalf("helpful: %+v %v", h, err)
		}
		if _, err := e.s.MarkHelpful(ctx, f.ID+100); err == nil {
			t.Fatal("helpful on a missing entry")
		}
		// FAQ entries rank before questions at equal score.
		sg, _ = e.s.Suggest(ctx, asker, "信用修复")
		if len(sg) != 2 || sg[0].Kind != "faq" {
			t.Fatalf("suggest after faq: %+v", sg)
		}
	})
}

func TestGrams(t *testing.T) {
	got := textnorm.Bigrams(helpdesk.Normalize("信用修复？ AB"), 0)
	want := []string{"信用", "用修", "修复", "复a", "ab"}
	if len(got) != len(want) {
		t.Fatalf("%q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%q, want %q", got, want)
		}
	}
}

// Suggestions offer only what the caller may read: the FAQ to everyone, an
// answered question to its institution and to the officials of its region,
// and nothing of it to another institution, another city's reviewer, an
// expert or a fund department (who would get 404 on the question itself).
func TestSuggestionsStayInScope(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx, asker, desk, admin := e.ctx, e.asker, e.desk, e.admin
		_, neighbour := registrytest.NewApprovedInstitution(t, d, e.clk, "430102")
		_, elsewhere := registrytest.NewApprovedInstitution(t, d, e.clk, "430202")
		res, err := e.s.Ask(ctx, asker, helpdesk.AskInput{Category: "credit", Text: "信用修复要准备哪些材料？联系人手机13912345678"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Answer(ctx, desk, res.ID, "提交整改材料和信用承诺书，向作出记录的部门申请。"); err != nil {
			t.Fatal(err)
		}
		faq, err := e.s.CreateFAQ(ctx, admin, helpdesk.FAQInput{QuestionIDs: []int64{res.ID}, Question: "信用修复需要哪些材料？", PolicyYear: 2026})
		if err != nil {
			t.Fatal(err)
		}
		kinds := func(a *auth.Actor) (faqs, questions int) {
			t.Helper()
			sg, err := e.s.Suggest(ctx, a, "信用修复材料")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sg {
				switch {
				case s.Kind == "faq" && s.ID == faq.ID:
					faqs++
				case s.Kind == "question" && s.ID == res.ID:
					questions++
				default:
					t.Fatalf("unexpected suggestion %+v", s)
				}
			}
			return faqs, questions
		}
		for name, c := range map[string]struct {
			a        *auth.Actor
			question int
		}{
			"asker":                  {asker, 1},
			"the county's reviewer":  {desk, 1},
			"the province":           {admin, 1},
			"another institution":    {neighbour, 0},
			"another city's firm":    {elsewhere, 0},
			"another city's desk":    {registrytest.Official(t, d, e.clk, auth.RoleLocalReviewer, "430200"), 0},
			"an expert":              {registrytest.Official(t, d, e.clk, auth.RoleExpert, "430000"), 0},
			"a fund department user": {registrytest.Official(t, d, e.clk, auth.RoleFundDept, "430000"), 0},
		} {
			faqs, questions := kinds(c.a)
			if faqs != 1 || questions != c.question {
				t.Errorf("%s: %d FAQ entries and %d questions suggested, want 1 and %d", name, faqs, questions, c.question)
			}
			if _, err := e.s.Get(ctx, c.a, res.ID); (err == nil) != (c.question == 1) {
				t.Errorf("%s: suggestions disagree with reading the question (%v)", name, err)
			}
		}
		if _, err := e.s.Suggest(ctx, nil, "信用修复"); err == nil {
			t.Error("suggestions without a login")
		}
	})
}

// An FAQ entry is public: one copied from a question that carries a phone
// number is refused until the text is rewritten, naming what it found.
func TestFAQRefusesPersonalData(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx, asker, desk, admin := e.ctx, e.asker, e.desk, e.admin
		res, _ := e.s.Ask(ctx, asker, helpdesk.AskInput{Category: "credit", Text: "信用修复怎么申请？请回电13912345678"})
		if _, err := e.s.Answer(ctx, desk, res.ID, "向作出记录的部门申请，可发邮件至 xinyong@czt.example.cn 咨询。"); err != nil {
			t.Fatal(err)
		}
		_, err := e.s.CreateFAQ(ctx, admin, helpdesk.FAQInput{QuestionIDs: []int64{res.ID}, PolicyYear: 2026})
		fields := apperr.As(err).Fields
		for field, kind := range map[string]string{"question": "privacy.kind.mobile", "answer": "privacy.kind.email"} {
			if key, args := apperr.SplitKey(fields[field]); key != "field.personal_data" || len(args) != 1 || args[0] != kind {
				t.Errorf("%s: %q (%v)", field, fields[field], err)
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM faq_entries"); n != 0 {
			t.Fatalf("%d entries saved", n)
		}
		if _, err := e.s.CreateFAQ(ctx, admin, helpdesk.FAQInput{QuestionIDs: []int64{res.ID}, PolicyYear: 2026,
			Question: "信用修复怎么申请？", Answer: "向作出记录的部门申请。"}); err != nil {
			t.Fatal(err)
		}
	})
}

// What a reader may do with a question is what the desk allows: the desk
// holding it answers or escalates, the asker and the desks below or beside
// do nothing, the ministry answers but has no desk above; an answer ends it.
func TestActionsFollowTheDesk(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx, asker, county := e.ctx, e.asker, e.desk
		city := registrytest.Official(t, d, e.clk, auth.RoleLocalReviewer, "430100")
		province := registrytest.Official(t, d, e.clk, auth.RoleProvincialReviewer, "430000")
		ministry := registrytest.Official(t, d, e.clk, auth.RoleMinistry, "000000")
		res, err := e.s.Ask(ctx, asker, helpdesk.AskInput{Category: "filing", Text: "备案信息变更后多久生效？"})
		if err != nil {
			t.Fatal(err)
		}
		actions := func(a *auth.Actor) string {
			t.Helper()
			q, err := e.s.Get(ctx, a, res.ID)
			if err != nil {
				t.Fatal(err)
			}
			if q.CanAnswer != strings.Contains(strings.Join(q.Actions, ","), "answer") ||
				q.CanEscalate != strings.Contains(strings.Join(q.Actions, ","), "escalate") {
				t.Fatalf("can_answer/can_escalate disagree with %v", q.Actions)
			}
			return strings.Join(q.Actions, ",")
		}
		check := func(step string, want map[*auth.Actor]string) {
			t.Helper()
			for a, w := range want {
				if got := actions(a); got != w {
					t.Errorf("%s, %s at %s: %q, want %q", step, a.Role, a.RegionCode, got, w)
				}
			}
		}
		check("asked", map[*auth.Actor]string{asker: "", county: "answer,escalate", city: "", province: ""})
		for _, a := range []*auth.Actor{county, city, province} {
			if _, err := e.s.Escalate(ctx, a, res.ID, "需上级答复"); err != nil {
				t.Fatal(err)
			}
		}
		check("at the ministry", map[*auth.Actor]string{county: "", province: "", ministry: "answer"})
		if _, err := e.s.Answer(ctx, ministry, res.ID, "审核通过后即时生效。"); err != nil {
			t.Fatal(err)
		}
		check("answered", map[*auth.Actor]string{asker: "", ministry: ""})
	})
}
