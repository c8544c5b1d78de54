// Package projectdemo loads demo evaluation projects at every stage, and the
// demo expert (expert1) and fund-department (funddept1) logins, through the
// real services. It registers itself with internal/demo.
package projectdemo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/demo"
	"evalcred/internal/draw"
	"evalcred/internal/policy"
	"evalcred/internal/project"
	"evalcred/internal/region"
	"evalcred/internal/services"
	"evalcred/internal/team"
)

func init() {
	demo.Officials = append(demo.Officials,
		demo.Login{Username: "expert1", Role: string(auth.RoleExpert), Region: "430000", Name: "评审专家"},
		demo.Login{Username: "funddept1", Role: string(auth.RoleFundDept), Region: "430000", Name: "资金主管部门"})
	demo.Seeds = append(demo.Seeds, Seed)
}

// pdf is a minimal document for the demo plans and reports.
var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

type demoProject struct {
	name, fund, client, unit string
	amountFen                int64
	upTo                     string // the stage the demo takes it to
}

// startedDaysAgo is how long before the demo's day a project taken to a
// stage was created: its steps then follow at the pace of real work.
var startedDaysAgo = map[string]int{project.StagePlanning: 12, project.StageTeamFormed: 30, project.StageImplementation: 60,
	project.StageReporting: 95, project.StageCompleted: 150}

var projects = []demoProject{
	{"2025年度省级农业产业发展专项资金绩效评价", "农业产业发展专项资金", "湖南省农业农村厅", "湘西州农业农村局", 860000000, project.StagePlanning},
	{"2025年度城乡义务教育补助经费绩效评价", "城乡义务教育补助经费", "湖南省教育厅", "邵阳市教育局", 1250000000, project.StageTeamFormed},
	{"2025年度重点生态保护修复治理资金绩效评价", "生态保护修复治理资金", "湖南省自然资源厅", "郴州市自然资源和规划局", 430000000, project.StageImplementation},
	{"2024年度基层医疗卫生机构运行补助资金绩效评价", "基层医疗卫生机构运行补助", "湖南省卫生健康委员会", "衡阳县卫生健康局", 210000000, project.StageCompleted},
	// At report review: the expert and the fund department have its report to read.
	{"2025年度农村公路建设养护资金绩效评价", "农村公路建设养护资金", "湖南省交通运输厅", "常德市交通运输局", 670000000, project.StageReporting},
}

// Seed creates the demo projects. Without institutions whose filing is
// approved and who filed a lead evaluator (the registry demo makes them),
// every project stays in planning: the seed never fails for lack of them.
func Seed(ctx context.Context, s *services.Set, r *rand.Rand) error {
	hunan, err := actorOf(ctx, s.DB, "hunan")
	if err != nil {
		return err
	}
	firms, err := staffable(ctx, s)
	if err != nil {
		return err
	}
	for i, dp := range projects {
		// Each project's steps are dated as they would have happened, on a
		// clock of its own moved forward step by step.
		d := dated(s, startedDaysAgo[dp.upTo])
		res, err := d.project.Create(ctx, hunan, project.CreateInput{Year: 2026, Name: dp.name, Fund: dp.fund, AmountFen: dp.amountFen,
			Client: dp.client, EvaluatedUnit: dp.unit, RegionCode: "430000", FeeBudgetFen: dp.amountFen / 200})
		if err != nil {
			return fmt.Errorf("projectdemo: %s: %w", dp.name, err)
		}
		if i == 0 {
			if len(firms) > 0 {
				d.after(3)
				if _, err := d.project.Select(ctx, hunan, res.ID, project.SelectInput{Method: draw.MethodDraw, Count: min(3, len(firms)), Seed: "湘财绩〔2026〕演示"}); err != nil {
					return fmt.Errorf("projectdemo: select: %w", err)
				}
			}
			continue
		}
		if len(firms) < 3 || dp.upTo == project.StagePlanning {
			continue
		}
		if err := advance(ctx, s, d, hunan, res.ID, rotate(firms, i), dp.upTo); err != nil {
			return fmt.Errorf("projectdemo: %s: %w", dp.name, err)
		}
	}
	return nil
}

func rotate(fs []demo.Firm, i int) []demo.Firm {
	return []demo.Firm{fs[i%len(fs)], fs[(i+1)%len(fs)], fs[(i+2)%len(fs)]}
}

// datedServices are the project and team services on a clock of their own.
type datedServices struct {
	clk     *clock.Fake
	project *project.Service
	team    *team.Service
}

// dated returns the services on a clock set daysAgo days before the
// demo's, at ten in the morning China time.
func dated(s *services.Set, daysAgo int) datedServices {
	day := calendar.DateOf(s.Clock.Now()).AddDays(-daysAgo)
	clk := clock.NewFake(day.Time().Add(10 * time.Hour))
	p, t := *s.Project, *s.Team
	p.Clock, t.Clock = clk, clk
	return datedServices{clk: clk, project: &p, team: &t}
}

// after moves the clock on by days, and a little into the working day.
func (d datedServices) after(days int) {
	d.clk.Advance(time.Duration(days)*24*time.Hour + 17*time.Minute)
}

// advance takes a project through the real workflow up to stage upTo.
func advance(ctx context.Context, s *services.Set, d datedServices, hunan *auth.Actor, id int64, fs []demo.Firm, upTo string) error {
	staff := team.Input{LeadInstitutionID: fs[0].ID, Members: []team.MemberInput{
		{IDNumber: fs[0].LeadEvaluator, InstitutionID: fs[0].ID, Role: team.RoleLeader},
		{IDNumber: fs[1].Someone, InstitutionID: fs[1].ID, Role: team.RoleMember},
		{IDNumber: fs[2].Someone, InstitutionID: fs[2].ID, Role: team.RoleExpert},
	}}
	d.after(6)
	if _, err := d.team.SetTeam(ctx, hunan, id, staff); err != nil || upTo == project.StageTeamFormed {
		return err
	}
	// The lead institution's own login when it has one; otherwise the demo
	// acts for the institution without an account.
	lead := &auth.Actor{Username: "demo-lead", Role: auth.RoleInstitution, RegionCode: fs[0].Region, InstitutionID: fs[0].ID}
	if us, err := auth.UsersOfInstitution(ctx, s.DB, fs[0].ID); err == nil && len(us) > 0 {
		lead = us[0].Actor()
	}
	d.after(9)
	if _, err := d.project.Upload(ctx, lead, id, project.FilePlan, "实施方案.pdf", bytes.NewReader(pdf)); err != nil {
		return err
	}
	d.after(4)
	if _, err := d.project.DecidePlan(ctx, hunan, id, project.PlanDecisionInput{Decision: "approve"}); err != nil {
		return err
	}
	d.after(15)
	if _, err := d.project.LogVisit(ctx, hunan, id, project.VisitInput{Note: "现场指导：核对资金拨付凭证与绩效目标完成情况"}); err != nil || upTo == project.StageImplementation {
		return err
	}
	d.after(26)
	if _, err := d.project.Upload(ctx, lead, id, project.FileDraftReport, "评价报告初稿.pdf", bytes.NewReader(pdf)); err != nil {
		return err
	}
	for _, u := range []string{"expert1", "funddept1", "hunan"} {
		d.after(1)
		if _, err := d.project.AssignReviewer(ctx, hunan, id, project.AssignInput{Username: u}); err != nil {
			return err
		}
	}
	if upTo == project.StageReporting {
		return nil
	}
	for _, u := range []string{"expert1", "funddept1", "hunan"} {
		a, err := actorOf(ctx, s.DB, u)
		if err != nil {
			return err
		}
		d.after(4)
		if _, err := d.project.ReviewReport(ctx, a, id, project.ReviewInput{Score: 86, Decision: "accept", Comment: "报告结构完整，结论依据充分。"}); err != nil {
			return err
		}
	}
	return nil
}

func actorOf(ctx context.Context, q db.Queryer, username string) (*auth.Actor, error) {
	var id int64
	if err := q.QueryRow(ctx, "SELECT id FROM users WHERE username = ?", username).Scan(&id); err != nil {
		return nil, fmt.Errorf("projectdemo: user %s: %w", username, err)
	}
	u, err := auth.GetUser(ctx, q, id)
	if err != nil {
		return nil, err
	}
	return u.Actor(), nil
}

// staffable lists eligible institutions (asked of the credit part, like
// selection does) that filed a lead evaluator and someone else.
func staffable(ctx context.Context, s *services.Set) ([]demo.Firm, error) {
	today := calendar.Current(s.Clock)
	pool, err := s.Project.Pool.EligiblePool(ctx, s.DB, region.Scope{Code: policy.ProvinceOf("430000")}, today)
	if err != nil {
		return nil, err
	}
	return demo.Staffable(ctx, s.DB, pool, `SELECT p.id_number, r.role, i.region_code FROM person_roles r JOIN persons p ON p.id = r.person_id
			JOIN institutions i ON i.id = r.institution_id WHERE r.institution_id = ? AND r.active = TRUE ORDER BY r.id`)
}
