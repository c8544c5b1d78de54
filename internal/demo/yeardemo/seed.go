// Package yeardemo loads the demo data of quality assessment, the year's
// close, fees and training: the year 2025 of several demo institutions,
// from projects through scored assessments to a closed year with grades of
// 优秀, 良好 and 合格 and its fee sheet; the mandatory training of 2026 in
// Hunan with attendance for most demo institutions (the others show the
// missing attendance as the reason on their standing page and are out of
// the selection pool); and the scored assessments of the completed demo
// project of 2026, still open to comment.
//
// It goes through the real services. The past happens on a clock of its own
// (services.New on a clock.Fake, the same database and data directory), so
// that dates, windows and the audit log look lived-in.
//
// It registers itself with internal/demo and must run after the project
// demo, whose completed project it assesses: it imports projectdemo, so
// that package's init (which appends its seed) has run before this one's.
package yeardemo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"evalcred/internal/assessment"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/demo"
	_ "evalcred/internal/demo/projectdemo" // its seed first
	"evalcred/internal/project"
	"evalcred/internal/services"
	"evalcred/internal/team"
)

func init() { demo.Seeds = append(demo.Seeds, Seed) }

// The demo's calendar: ClosedYear is closed on closeOn (skipped before that
// day); the mandatory training of TrainingYear is held on heldOn (skipped
// until the day after it).
const (
	ClosedYear   = 2025
	TrainingYear = 2026
)

var (
	closeOn = calendar.Date{Y: ClosedYear + 1, M: 1, D: 20}
	heldOn  = calendar.Date{Y: TrainingYear, M: 3, D: 5}
)

// pdf is a minimal document for the demo plans and reports.
var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

type project2025 struct {
	name, fund, client, unit string
	amountFen                int64
}

var projects2025 = []project2025{
	{"2025年度省级现代农业发展专项资金绩效评价", "现代农业发展专项资金", "湖南省农业农村厅", "常德市农业农村局", 920000000},
	{"2025年度学生资助补助经费绩效评价", "学生资助补助经费", "湖南省教育厅", "岳阳市教育局", 640000000},
	{"2025年度城镇老旧小区改造补助资金绩效评价", "城镇老旧小区改造补助资金", "湖南省住房和城乡建设厅", "衡阳市住房和城乡建设局", 1180000000},
	{"2025年度公共文化服务体系建设专项资金绩效评价", "公共文化服务体系建设专项资金", "湖南省文化和旅游厅", "益阳市文化旅游广电体育局", 310000000},
	{"2025年度就业补助资金绩效评价", "就业补助资金", "湖南省人力资源和社会保障厅", "娄底市人力资源和社会保障局", 770000000},
	{"2025年度水利发展资金绩效评价", "水利发展资金", "湖南省水利厅", "永州市水利局", 530000000},
}

// levels are the quality each institution's 2025 scores scatter around
// (at most 2 points either way, so the grade is the level's band): 优秀,
// 良好, 合格, 良好, 优秀, 合格.
var levels = []int{95, 86, 72, 84, 96, 66}

// Seed loads the year's demo data. Without the demo officials or
// institutions it does what it can and never fails for lack of them.
func Seed(ctx context.Context, s *services.Set, _ *rand.Rand) error {
	hunan, admin := official(ctx, s.DB, "hunan"), official(ctx, s.DB, "admin")
	if hunan == nil || admin == nil {
		return nil
	}
	// A random source of its own: the same demo whatever the other seeds drew.
	r := rand.New(rand.NewPCG(2025, 5))
	today := calendar.DateOf(s.Clock.Now())
	clk := clock.NewFake(s.Clock.Now())
	past, err := services.New(s.DB, clk, s.Config)
	if err != nil {
		return err
	}
	d := &seeder{ctx: ctx, s: s, past: past, clk: clk, r: r, hunan: hunan, admin: admin}
	var graded []int64
	if !today.Before(closeOn) {
		if graded, err = d.year(); err != nil {
			return fmt.Errorf("yeardemo: year %d: %w", ClosedYear, err)
		}
	}
	if today.After(heldOn) {
		if err := d.training(graded); err != nil {
			return fmt.Errorf("yeardemo: training: %w", err)
		}
	}
	if err := d.assessCompleted(); err != nil {
		return fmt.Errorf("yeardemo: assessments: %w", err)
	}
	return nil
}

type seeder struct {
	ctx          context.Context
	s, past      *services.Set
	clk          *clock.Fake
	r            *rand.Rand
	hunan, admin *auth.Actor
}

// on moves the past's clock to hour:00 China time on day.
func (d *seeder) on(day calendar.Date, hour int) {
	d.clk.Set(day.Time().Add(time.Duration(hour) * time.Hour))
}

// year takes the ClosedYear through projects, assessments and the close,
// and returns the institutions it graded.
func (d *seeder) year() ([]int64, error) {
	ctx, p := d.ctx, d.past
	start := calendar.Date{Y: ClosedYear, M: 9, D: 1}
	d.on(start, 10)
	fs, err := d.firms(start)
	if err != nil || len(fs) < 3 {
		return nil, err
	}
	fs = fs[:min(len(fs), len(levels), len(projects2025))]
	n := len(fs)
	ids := make([]int64, n)
	// September: the projects open and are staffed by three institutions
	// each, led in turn by every one of them.
	for k := range n {
		dp := projects2025[k]
		res, err := p.Project.Create(ctx, d.hunan, project.CreateInput{Year: ClosedYear, Name: dp.name, Fund: dp.fund, AmountFen: dp.amountFen,
			Client: dp.client, EvaluatedUnit: dp.unit, RegionCode: "430000", Deadline: calendar.Date{Y: ClosedYear, M: 11, D: 28},
			FeeBudgetFen: dp.amountFen / 200})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dp.name, err)
		}
		ids[k] = res.ID
		a, b, c := fs[k], fs[(k+1)%n], fs[(k+2)%n]
		staff := team.Input{LeadInstitutionID: a.ID, Members: []team.MemberInput{
			{IDNumber: a.LeadEvaluator, InstitutionID: a.ID, Role: team.RoleLeader},
			{IDNumber: b.Someone, InstitutionID: b.ID, Role: team.RoleMember},
			{IDNumber: c.Someone, InstitutionID: c.ID, Role: team.RoleMember},
		}}
		if _, err := p.Team.SetTeam(ctx, d.hunan, res.ID, staff); err != nil {
			return nil, fmt.Errorf("%s: team: %w", dp.name, err)
		}
	}
	d.on(start.AddDays(7), 15)
	for k, id := range ids {
		if _, err := p.Project.Upload(ctx, d.lead(fs[k]), id, project.FilePlan, "实施方案.pdf", bytes.NewReader(pdf)); err != nil {
			return nil, err
		}
		if _, err := p.Project.DecidePlan(ctx, d.hunan, id, project.PlanDecisionInput{Decision: "approve"}); err != nil {
			return nil, err
		}
	}
	d.on(start.AddDays(21), 11)
	for _, id := range ids {
		if _, err := p.Project.LogVisit(ctx, d.hunan, id, project.VisitInput{Note: "现场指导：抽查项目资金拨付凭证、绩效目标完成佐证材料及评价工作底稿"}); err != nil {
			return nil, err
		}
	}
	// October: the reports pass the three-party review, one project a day.
	experts := map[string]*auth.Actor{}
	for _, u := range []string{"expert1", "funddept1", "hunan"} {
		if experts[u] = official(ctx, d.s.DB, u); experts[u] == nil {
			return nil, fmt.Errorf("no demo user %s", u)
		}
	}
	for k, id := range ids {
		d.on(calendar.Date{Y: ClosedYear, M: 10, D: 20 + k}, 16)
		if _, err := p.Project.Upload(ctx, d.lead(fs[k]), id, project.FileDraftReport, "评价报告.pdf", bytes.NewReader(pdf)); err != nil {
			return nil, err
		}
		for _, u := range []string{"expert1", "funddept1", "hunan"} {
			if _, err := p.Project.AssignReviewer(ctx, d.hunan, id, project.AssignInput{Username: u}); err != nil {
				return nil, err
			}
		}
		for _, u := range []string{"expert1", "funddept1", "hunan"} {
			if _, err := p.Project.ReviewReport(ctx, experts[u], id, project.ReviewInput{Score: 80 + d.r.IntN(15), Decision: "accept",
				Comment: "报告结构完整，结论依据充分，同意通过。"}); err != nil {
				return nil, err
			}
		}
	}
	// November: every institution on every project is scored; one accepts
	// its scores with a comment, the others let the window pass.
	d.on(calendar.Date{Y: ClosedYear, M: 11, D: 10}, 10)
	level := map[int64]int{}
	for i, f := range fs {
		level[f.ID] = levels[i]
	}
	var first *assessment.Assessment
	for k, id := range ids {
		for j, f := range []demo.Firm{fs[k], fs[(k+1)%n], fs[(k+2)%n]} {
			days := int64(12 + d.r.IntN(10))
			if j == 0 {
				days = 30
			}
			x, err := p.Assessment.Score(ctx, d.hunan, id, d.scores(f.ID, level[f.ID], days))
			if err != nil {
				return nil, fmt.Errorf("score %d on %d: %w", f.ID, id, err)
			}
			if first == nil {
				first = x
			}
		}
	}
	d.on(calendar.Date{Y: ClosedYear, M: 11, D: 12}, 9)
	if u := institutionUser(ctx, d.s.DB, first.InstitutionID); u != nil {
		if _, err := p.Assessment.Comment(ctx, u, first.ID, assessment.CommentInput{Comment: "对评分无异议，现场评价部分的意见已在后续项目中改进。"}); err != nil {
			return nil, err
		}
	}
	d.on(closeOn, 10)
	run, err := p.YearClose.Close(ctx, d.admin, ClosedYear)
	if err != nil {
		return nil, err
	}
	if run.State != "done" {
		return nil, fmt.Errorf("close ended %s: %s", run.State, run.Error)
	}
	graded := make([]int64, n)
	for i, f := range fs {
		graded[i] = f.ID
	}
	return graded, nil
}

// scores are the assessment of an institution around its level: every
// dimension within 2 points of it (timeliness a little higher, on-site a
// little lower), each with its justification.
func (d *seeder) scores(institutionID int64, level int, personDays int64) assessment.Input {
	offset := map[string]int{"scheme_design": 1, "onsite": -2, "timeliness": 2, "rigour": -1, "report": 0}
	in := assessment.Input{InstitutionID: institutionID, PersonDays: personDays, Scores: map[string]json.Number{}, Justifications: map[string]string{}}
	for _, dim := range assessment.Dimensions {
		x100 := min(10000, max(0, (level+offset[dim])*100+d.r.IntN(201)-100))
		in.Scores[dim] = json.Number(assessment.Points(x100))
		in.Justifications[dim] = justification(dim, x100)
	}
	return in
}

// justification is the written reason of a dimension's score, by band.
func justification(dim string, x100 int) string {
	band := 2
	switch {
	case x100 >= 9000:
		band = 0
	case x100 >= 8000:
		band = 1
	}
	return justifications[dim][band]
}

var justifications = map[string][3]string{
	"scheme_design": {
		"评价方案指标体系完整，绩效目标分解清晰，评分标准可操作，抽样方法科学合理。",
		"评价方案结构完整，个别三级指标的评分标准表述不够具体，已按评审意见修改。",
		"评价方案指标与项目绩效目标衔接不够紧密，部分三级指标缺少评分标准。",
	},
	"onsite": {
		"现场评价按计划覆盖全部抽样单位，逐项核查资金拨付凭证与项目实施资料，记录完整。",
		"现场评价基本按计划开展，个别抽样单位仅作电话核实，工作底稿记录较完整。",
		"现场核查覆盖面不足，部分核查记录缺少被评价单位签字确认。",
	},
	"timeliness": {
		"按委托合同约定期限提交评价报告初稿和终稿。",
		"报告初稿按期提交，终稿修改稍有延迟，未影响整体进度。",
		"报告初稿提交时间接近截止期限，修改稿经多次催交。",
	},
	"rigour": {
		"数据来源可靠，分析方法得当，评价结论有充分证据支撑。",
		"数据分析总体规范，少数结论引用数据的口径需要进一步说明。",
		"部分指标得分依据不充分，数据交叉核对不到位。",
	},
	"report": {
		"报告结构规范、表述准确，问题分析深入，建议具有针对性和可操作性；评价过程客观公正。",
		"报告结构完整，问题描述较为准确，部分建议的针对性有待加强。",
		"报告文字表述不够严谨，问题与建议的对应关系不清晰。",
	},
}
