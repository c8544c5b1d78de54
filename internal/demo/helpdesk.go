package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/helpdesk"
	"evalcred/internal/services"
)

// The help desk seed: questions the agency's clerk asked over the past
// months, answered by the district's desk and published as FAQ entries by
// the province, so that the public FAQ reads like a living one; one
// question still waiting at the district, and one passed up to the
// ministry, so that both desks have an answer to give today.
func init() {
	Seeds = append(Seeds, seedHelpdesk)
}

// faqSeed is one question and the answer the desk gave.
type faqSeed struct {
	category, question, answer string
	askedDaysAgo               int
}

var faqSeeds = []faqSeed{
	{"filing", "机构的法定代表人或主评人员发生变动后，备案信息需要多久内更新？",
		"备案信息发生变动的，应及时登录平台，在“信息填报”中修改相应内容并提交审核，审核通过后以新版本为准。已通过审核的备案每年须在平台提示的更新期限前核实一次，到期前平台会发送提醒。", 120},
	{"review", "备案被退回后，应该怎样重新提交？",
		"登录后在“信息填报”页面可以看到每一部分的审核意见。请按意见逐项修改，上传需要补充的材料后点击“提交审核”。重新提交的备案仍由市县和省级财政部门两级审核，审核人员可以看到本次修改的内容。", 95},
	{"credit", "机构对拟记入的失信记录有异议，应当在什么时间内提出？",
		"机构收到拟记入通知后，应在通知载明的异议期截止日前，在“我的信用”页面对该记录提出异议，说明理由并上传证明材料。异议期内记录不生效；逾期未提出异议的，记录自异议期满次日起生效。", 80},
	{"credit", "失信记录公示后，机构如何申请信用修复？",
		"一般失信记录在最短公示期满后，机构可在“我的信用”页面对该记录申请信用修复，上传整改报告等证明材料并作出信用承诺，由省级财政部门审核。修复通过后，该记录不再公示，也不再影响项目遴选。严重失信记录在禁入期内不予修复。", 64},
	{"fee", "在平台注册、备案和查询信用信息需要缴费吗？",
		"平台注册、备案、信用信息查询和咨询答疑均不收取任何费用。年度考核结束后按考核等级核定的费用，以省级财政部门公布的年度结果为准，机构可在“年度考核”页面查看本机构的核定依据。", 41},
	{"registration", "注册时提示统一社会信用代码已被注册，怎么办？",
		"这说明该代码已有注册记录。如系本机构此前注册，请使用原用户名登录；忘记密码的，请联系所在地市县财政部门审核员重置。如确认并非本机构注册，请携营业执照联系所在地财政部门核实处理。", 23},
}

// seedHelpdesk goes through the real help desk on a clock of its own, moved
// back in time. Without the agency's login it does nothing.
func seedHelpdesk(ctx context.Context, s *services.Set, _ *rand.Rand) error {
	clerk, district, city, province := demoOfficial(ctx, s, "agency"), demoOfficial(ctx, s, "furong"), demoOfficial(ctx, s, "changsha"), demoOfficial(ctx, s, "hunan")
	if clerk == nil || district == nil || city == nil || province == nil {
		return nil
	}
	today := calendar.DateOf(s.Clock.Now())
	clk := clock.NewFake(s.Clock.Now())
	at := func(daysAgo int, hour time.Duration) { clk.Set(today.AddDays(-daysAgo).Time().Add(hour)) }
	h := &helpdesk.Service{DB: s.DB, Clock: clk, Cal: s.Cal, Notify: s.Notify}
	ask := func(daysAgo int, category, text string) (int64, error) {
		at(daysAgo, 9*time.Hour+20*time.Minute)
		res, err := h.Ask(ctx, clerk, helpdesk.AskInput{Category: category, Text: text})
		if err != nil {
			return 0, fmt.Errorf("demo helpdesk: ask: %w", err)
		}
		return res.ID, nil
	}
	for _, f := range faqSeeds {
		id, err := ask(f.askedDaysAgo, f.category, f.question)
		if err != nil {
			return err
		}
		at(f.askedDaysAgo-2, 15*time.Hour)
		if _, err := h.Answer(ctx, district, id, f.answer); err != nil {
			return fmt.Errorf("demo helpdesk: answer %d: %w", id, err)
		}
		at(f.askedDaysAgo-5, 11*time.Hour)
		if _, err := h.CreateFAQ(ctx, province, helpdesk.FAQInput{QuestionIDs: []int64{id}}); err != nil {
			return fmt.Errorf("demo helpdesk: faq %d: %w", id, err)
		}
	}
	// Still at the district: asked yesterday.
	if _, err := ask(1, "project", "抽查时需要提供哪些评价工作底稿？电子版和纸质版是否都要提供？"); err != nil {
		return err
	}
	// Passed up to the ministry: a question of another province's ban.
	id, err := ask(9, "credit", "本机构在外省被处以禁入，在湖南省参与项目遴选是否同样受限？禁入期限如何计算？")
	if err != nil {
		return err
	}
	for i, up := range []*auth.Actor{district, city, province} {
		at(8-2*i, 10*time.Hour)
		if _, err := h.Escalate(ctx, up, id, "涉及跨省禁入的认定，需上级统一口径答复。"); err != nil {
			return fmt.Errorf("demo helpdesk: escalate %d: %w", id, err)
		}
	}
	return nil
}
