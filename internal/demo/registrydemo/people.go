package registrydemo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"evalcred/internal/filing"
	"evalcred/internal/ident"
)

var (
	surnames = []rune("王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯邓曹彭曾肖田")
	given    = []string{"建国", "丽华", "志强", "秀英", "海涛", "静", "伟", "敏", "晓明", "红梅", "俊杰", "芳", "立新", "雪梅", "国平", "婷", "湘楠", "卫东", "亚军", "慧"}
	titles   = []string{"高级会计师", "注册会计师", "高级经济师", "会计师", "经济师", "研究员", "副教授", "高级工程师"}
	educ     = []string{"博士研究生", "硕士研究生", "大学本科"}
	quals    = []string{"cpa", "asset_appraiser", "tax_agent", "cost_engineer", "auditor", "senior_title"}
)

// personName draws a plausible Chinese name.
func personName(r *rand.Rand) string {
	return string(surnames[r.IntN(len(surnames))]) + given[r.IntN(len(given))]
}

// person draws a practitioner registered in division with a valid ID number.
func person(r *rand.Rand, division string) filing.Person {
	birth := time.Date(1962+r.IntN(32), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	return filing.Person{
		Name:      personName(r),
		IDNumber:  ident.GenerateResidentID(r, division, birth),
		Education: educ[r.IntN(len(educ))],
		Title:     titles[r.IntN(len(titles))],
		Qualifications: []filing.Qualification{{Kind: quals[r.IntN(len(quals))],
			Number: fmt.Sprintf("43%010d", r.Int64N(1e10))}},
		EmployedSince: fmt.Sprintf("%d-%02d-01", 2008+r.IntN(15), 1+r.IntN(12)),
	}
}

func expert(r *rand.Rand, division string) filing.Expert {
	p := person(r, division)
	fields := []string{"财政预算管理", "公共卫生", "农业农村", "交通运输", "教育经费", "生态环境"}
	employers := []string{"湖南大学", "中南大学", "湖南师范大学", "湖南省社会科学院", "长沙理工大学"}
	return filing.Expert{Name: p.Name, IDNumber: p.IDNumber, Title: "教授", Field: fields[r.IntN(len(fields))], Employer: employers[r.IntN(len(employers))]}
}

var clients = []string{"湖南省财政厅", "长沙市财政局", "株洲市财政局", "湘潭市教育局", "衡阳市卫生健康委员会", "岳阳市农业农村局", "常德市交通运输局", "郴州市生态环境局"}
var projects = []string{"部门整体支出绩效评价", "专项资金绩效评价", "政府投资项目绩效评价", "重点民生项目绩效评价", "转移支付资金绩效评价"}

// document builds a complete filing for an institution.
func document(r *rand.Rand, base filing.Document, division, address string, year int) filing.Document {
	d := base
	d.Institution.EstablishedOn = fmt.Sprintf("%d-%02d-%02d", 1998+r.IntN(20), 1+r.IntN(12), 1+r.IntN(28))
	d.Institution.Address = address
	lr := person(r, division)
	d.LegalRepresentative = filing.LegalRepresentative{Name: lr.Name, IDNumber: lr.IDNumber, Phone: fmt.Sprintf("139%08d", r.IntN(1e8))}
	lead := person(r, division)
	d.LeadEvaluators = []filing.Person{lead}
	d.Practitioners = []filing.Person{lead}
	for range 2 + r.IntN(3) {
		d.Practitioners = append(d.Practitioners, person(r, division))
	}
	d.Experts = nil
	for range r.IntN(3) {
		d.Experts = append(d.Experts, expert(r, division))
	}
	d.BusinessRecords = nil
	for i := range 1 + r.IntN(3) {
		d.BusinessRecords = append(d.BusinessRecords, filing.BusinessRecord{
			Client: clients[r.IntN(len(clients))], Year: year - 1 - i,
			Project:   fmt.Sprintf("%d年度%s", year-2-i, projects[r.IntN(len(projects))]),
			AmountFen: int64(50000+r.IntN(400000)) * 100, Role: []string{"lead", "participant"}[r.IntN(2)],
		})
	}
	return d
}
