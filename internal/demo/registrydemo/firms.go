package registrydemo

import (
	"fmt"
	"math/rand/v2"

	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// cityReviewers are the local reviewers the demo needs; the first three are
// demo logins the README lists, the others decide level 1 in the remaining
// cities.
var cityReviewers = []struct{ username, region, name string }{
	{"changsha", "430100", "长沙市审核员"}, {"furong", "430102", "芙蓉区审核员"}, {"zhuzhou", "430200", "株洲市审核员"},
	{"xiangtan", "430300", "湘潭市审核员"}, {"hengyang", "430400", "衡阳市审核员"}, {"shaoyang", "430500", "邵阳市审核员"},
	{"yueyang", "430600", "岳阳市审核员"}, {"changde", "430700", "常德市审核员"}, {"zhangjiajie", "430800", "张家界市审核员"},
	{"yiyang", "430900", "益阳市审核员"}, {"chenzhou", "431000", "郴州市审核员"}, {"yongzhou", "431100", "永州市审核员"},
	{"huaihua", "431200", "怀化市审核员"}, {"loudi", "431300", "娄底市审核员"},
}

// officials creates the demo officials whose usernames are still free (the
// app may have created the demo logins already).
func (s *seeder) officials() error {
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return err
	}
	type o struct {
		username, region, name string
		role                   auth.Role
	}
	all := []o{{"admin", "430000", "省厅管理员", auth.RoleProvincialAdmin}, {"hunan", "430000", "省级审核员", auth.RoleProvincialReviewer},
		{"mof", "000000", "财政部操作员", auth.RoleMinistry}}
	for _, c := range cityReviewers {
		all = append(all, o{c.username, c.region, c.name, auth.RoleLocalReviewer})
	}
	return s.d.Tx(s.ctx, func(tx *db.Tx) error {
		for _, u := range all {
			if taken, err := auth.UsernameTaken(s.ctx, tx, u.username); err != nil || taken {
				if err != nil {
					return err
				}
				continue
			}
			if _, err := auth.CreateUser(s.ctx, tx, auth.NewUser{Username: u.username, PasswordHash: hash, Name: u.name, Role: u.role,
				RegionCode: u.region, Email: u.username + "@demo.evalcred.invalid"}, s.clk.Now()); err != nil {
				return fmt.Errorf("registrydemo: official %s: %w", u.username, err)
			}
		}
		return nil
	})
}

// official returns the actor of a demo login.
func (s *seeder) official(username string) *auth.Actor {
	u, err := auth.GetUserNamed(s.ctx, s.d, username)
	if err != nil {
		return nil // Decide then fails with "unauthorized", naming the problem
	}
	return u.Actor()
}

// reviewerOf names the local reviewer who decides level 1 in a region: the
// county's own where the demo has one, else the city's.
func reviewerOf(code string) string {
	if code == "430102" {
		return "furong"
	}
	for _, c := range cityReviewers {
		if (region.Scope{Code: c.region}).Contains(code) && c.region[4:] == "00" {
			return c.username
		}
	}
	return "hunan"
}

var streets = []string{"五一大道", "芙蓉中路", "韶山北路", "人民路", "建设路", "解放路", "车站路", "新华路"}

// regionAddress makes a street address in the region.
func regionAddress(code string, r *rand.Rand) string {
	return fmt.Sprintf("%s%s%d号", region.Default().FullName(code), streets[r.IntN(len(streets))], 1+r.IntN(300))
}

// demoFirms lists the demo institutions oldest first: approved firms have
// the longest history, pending registrations arrived last. 湖南天平 with the
// agency login comes first.
func demoFirms() []firm {
	type row struct{ name, typ, region, state string }
	rows := []row{
		{"湖南天平会计师事务所有限公司", "accounting_firm", "430102", stateApproved},
		{"湖南信达会计师事务所有限公司", "accounting_firm", "430103", stateApproved},
		{"湖南湘资资产评估有限公司", "asset_appraisal", "430104", stateApproved},
		{"株洲恒信工程咨询有限公司", "consulting", "430202", stateApproved},
		{"湘潭正衡会计师事务所（普通合伙）", "accounting_firm", "430302", stateApproved},
		{"衡阳明诚管理咨询有限公司", "consulting", "430405", stateApproved},
		{"岳阳洞庭会计师事务所有限公司", "accounting_firm", "430602", stateApproved},
		{"常德致远资产评估有限公司", "asset_appraisal", "430702", stateApproved},
		{"湖南楚天律师事务所", "law_firm", "430105", stateUpdating},
		{"郴州汇智工程造价咨询有限公司", "consulting", "431002", stateUpdating},
		{"湖南华维会计师事务所有限公司", "accounting_firm", "430111", stateReturned},
		{"湖南三湘绩效评价研究院", "research_institute", "430104", stateReturned},
		{"株洲利安会计师事务所有限公司", "accounting_firm", "430211", stateReturned},
		{"邵阳求实会计师事务所有限公司", "accounting_firm", "430502", stateReturned},
		{"益阳鑫源工程咨询有限公司", "consulting", "430902", stateReturned},
		{"湖南星城资产评估事务所有限公司", "asset_appraisal", "430102", stateLevel2},
		{"湘潭弘正管理咨询有限公司", "consulting", "430304", stateLevel2},
		{"永州潇湘会计师事务所有限公司", "accounting_firm", "431102", stateLevel2},
		{"怀化建元工程咨询有限公司", "consulting", "431202", stateLevel2},
		{"湖南岳麓财经研究中心", "research_institute", "430104", stateLevel2},
		{"湖南金诚会计师事务所有限公司", "accounting_firm", "430102", stateLevel1},
		{"长沙同方绩效管理咨询有限公司", "consulting", "430103", stateLevel1},
		{"株洲博远会计师事务所有限公司", "accounting_firm", "430203", stateLevel1},
		{"衡阳南岳资产评估有限公司", "asset_appraisal", "430407", stateLevel1},
		{"张家界卓越管理咨询有限公司", "consulting", "430802", stateLevel1},
		{"娄底中和会计师事务所有限公司", "accounting_firm", "431302", stateLevel1},
		{"湖南开元律师事务所", "law_firm", "430105", stateLevel1},
		{"湖南湘江大学公共管理研究所", "university", "430104", stateDraft},
		{"长沙方圆工程咨询有限公司", "consulting", "430111", stateDraft},
		{"岳阳大成会计师事务所有限公司", "accounting_firm", "430602", stateDraft},
		{"常德德正管理咨询有限公司", "consulting", "430702", stateDraft},
		{"株洲宏达资产评估有限公司", "asset_appraisal", "430202", stateDraft},
		{"湖南永信会计师事务所有限公司", "accounting_firm", "430102", stateActive},
		{"郴州诚信工程咨询有限公司", "consulting", "431002", stateActive},
		{"娄底湘北管理咨询有限公司", "consulting", "431302", stateActive},
		{"湖南华夏绩效评价咨询有限公司", "consulting", "430103", statePending},
		{"湘潭联合会计师事务所有限公司", "accounting_firm", "430302", statePending},
		{"株洲长城资产评估有限公司", "asset_appraisal", "430211", statePending},
		{"衡阳新华会计师事务所有限公司", "accounting_firm", "430405", statePending},
		{"湖南潇湘法律咨询有限公司", "other", "430102", statePending},
	}
	out := make([]firm, len(rows))
	for i, r := range rows {
		out[i] = firm{name: r.name, typ: r.typ, region: r.region, state: r.state, username: fmt.Sprintf("firm%02d", i+1)}
	}
	out[0].username = AgencyUsername
	// The last two at level 1 arrived yesterday and are not overdue yet.
	out[25].fresh, out[26].fresh = true, true
	return out
}
