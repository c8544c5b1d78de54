package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/services"
)

// The credit seed shows every face of the credit part on the demo institutions: an
// effective general bad record inside its publication window, a serious one
// with a ban on the public ban list, a proposal still open to objection (on
// the agency login's institution, so that it can object or accept), and a
// repaired one. It appends itself; the registry seed prepends itself, so the
// institutions exist by the time it runs.
func init() {
	Seeds = append(Seeds, seedCredit)
}

// seedCredit goes through the real credit service on a clock of its own,
// moved back in time, so that effective dates, windows and the ledger's
// timestamps look lived-in. Without approved demo institutions it does nothing.
func seedCredit(ctx context.Context, s *services.Set, _ *rand.Rand) error {
	insts, agency, err := demoInstitutions(ctx, s)
	if err != nil || len(insts) < 3 {
		return err
	}
	today := calendar.DateOf(s.Clock.Now())
	clk := clock.NewFake(s.Clock.Now())
	at := func(daysAgo int) { clk.Set(today.AddDays(-daysAgo).Time().Add(10 * time.Hour)) }
	c := &credit.Service{DB: s.DB, Clock: clk, Cal: s.Cal, Notify: s.Notify, Ledger: s.Ledger}
	hunan := demoOfficial(ctx, s, "hunan")
	if hunan == nil {
		return nil
	}
	user := func(id int64) (*auth.Actor, error) {
		us, err := auth.UsersOfInstitution(ctx, s.DB, id)
		if err != nil || len(us) == 0 {
			return nil, fmt.Errorf("demo credit: institution %d has no user: %v", id, err)
		}
		return us[0].Actor(), nil
	}
	propose := func(daysAgo int, in credit.ProposeInput) (int64, *auth.Actor, error) {
		at(daysAgo)
		res, err := c.Propose(ctx, hunan, in)
		if err != nil {
			return 0, nil, err
		}
		u, err := user(in.InstitutionID)
		return res.ID, u, err
	}
	// Repaired: a general record accepted 200 days ago, repaired after its
	// minimum publication period (3 months by default).
	id, u, err := propose(200, credit.ProposeInput{InstitutionID: insts[0], Kind: credit.KindBad, Severity: credit.SeverityGeneral,
		Category: "missed_deadline", Facts: "2025年度某专项资金绩效评价项目未按委托合同约定期限提交评价报告，逾期22天。",
		Basis: "《预算绩效评价第三方机构信用管理办法》（财监〔2021〕4号）"})
	if err != nil {
		return fmt.Errorf("demo credit: %w", err)
	}
	if _, err := c.Accept(ctx, u, id); err != nil {
		return fmt.Errorf("demo credit: accept %d: %w", id, err)
	}
	at(100)
	if _, err := c.ApplyRepair(ctx, u, id, credit.RepairInput{Explanation: "已建立项目进度管控制度，专人跟踪报告期限，近期项目均按期提交。", Pledge: true}); err != nil {
		return fmt.Errorf("demo credit: repair %d: %w", id, err)
	}
	at(98)
	if _, err := c.DecideRepair(ctx, hunan, id, credit.DecisionInput{Decision: credit.RepairApproved, Comment: "整改到位，准予修复。"}); err != nil {
		return fmt.Errorf("demo credit: repair decision %d: %w", id, err)
	}
	// Effective and published: a general record accepted 60 days ago.
	id, u, err = propose(60, credit.ProposeInput{InstitutionID: insts[1], Kind: credit.KindBad, Severity: credit.SeverityGeneral,
		Category: "poor_quality", Facts: "评价报告指标体系与评分标准不一致，核心数据未经核实，经专家评审质量不合格。",
		Basis: "《预算绩效评价第三方机构信用管理办法》（财监〔2021〕4号）"})
	if err != nil {
		return fmt.Errorf("demo credit: %w", err)
	}
	if _, err := c.Accept(ctx, u, id); err != nil {
		return fmt.Errorf("demo credit: accept %d: %w", id, err)
	}
	// Serious with a three-year ban over the province, accepted 30 days ago.
	start := today.AddDays(-30)
	id, u, err = propose(30, credit.ProposeInput{InstitutionID: insts[2], Kind: credit.KindBad, Severity: credit.SeveritySerious,
		Category: "false_report", Facts: "评价报告大量抄袭其他项目报告，现场核查记录系事后补造。",
		Basis: "《预算绩效评价第三方机构信用管理办法》（财监〔2021〕4号）",
		Sanction: &credit.SanctionSpec{Type: credit.SanctionBan, Scope: credit.ScopeProvince, StartsOn: start,
			EndsOn: calendar.Date{Y: start.Y + 3, M: start.M, D: start.D}.AddDays(-1)}})
	if err != nil {
		return fmt.Errorf("demo credit: %w", err)
	}
	if _, err := c.Accept(ctx, u, id); err != nil {
		return fmt.Errorf("demo credit: accept %d: %w", id, err)
	}
	// Proposed two days ago and still open to objection: the agency's own.
	if agency == 0 {
		agency = insts[len(insts)-1]
	}
	_, _, err = propose(2, credit.ProposeInput{InstitutionID: agency, Kind: credit.KindBad, Severity: credit.SeverityGeneral,
		Category: "refusing_cooperation", Facts: "抽查时未按要求提供评价工作底稿。", Basis: "《预算绩效评价第三方机构信用管理办法》（财监〔2021〕4号）"})
	if err != nil {
		return fmt.Errorf("demo credit: %w", err)
	}
	return nil
}

// demoInstitutions returns up to three approved demo institutions other than
// the agency login's, and the agency's institution (0 when there is none).
func demoInstitutions(ctx context.Context, s *services.Set) ([]int64, int64, error) {
	var agency int64
	if err := s.DB.QueryRow(ctx, "SELECT COALESCE(MAX(institution_id), 0) FROM users WHERE username = 'agency'").Scan(&agency); err != nil {
		return nil, 0, err
	}
	ids, err := db.IDs(ctx, s.DB, "demo credit: institutions", `SELECT id FROM institutions WHERE status = 'active' AND approved_version > 0 AND id <> ? ORDER BY id LIMIT 3`, agency)
	return ids, agency, err
}

// demoOfficial returns the actor of a demo official, nil when it does not exist.
func demoOfficial(ctx context.Context, s *services.Set, username string) *auth.Actor {
	var id int64
	if err := s.DB.QueryRow(ctx, "SELECT id FROM users WHERE username = ?", username).Scan(&id); err != nil {
		return nil
	}
	u, err := auth.GetUser(ctx, s.DB, id)
	if err != nil {
		return nil
	}
	return u.Actor()
}
