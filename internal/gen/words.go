package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"evalcred/internal/region"
)

// provinceWeights is the share of evaluation institutions per province, a
// fixed table in percent (roughly economic weight: Guangdong has the most
// firms, Tibet and Qinghai the fewest) so that a data set of any size has the
// same national shape.
var provinceWeights = []struct {
	code   string
	weight int
}{
	{"110000", 4}, {"120000", 2}, {"130000", 4}, {"140000", 2}, {"150000", 2}, {"210000", 3}, {"220000", 2},
	{"230000", 2}, {"310000", 4}, {"320000", 6}, {"330000", 5}, {"340000", 4}, {"350000", 3}, {"360000", 3},
	{"370000", 5}, {"410000", 5}, {"420000", 4}, {"430000", 5}, {"440000", 8}, {"450000", 3}, {"460000", 1},
	{"500000", 3}, {"510000", 5}, {"520000", 2}, {"530000", 3}, {"540000", 1}, {"610000", 3}, {"620000", 2},
	{"630000", 1}, {"640000", 1}, {"650000", 2},
}

// typeWeights: accounting firms do most evaluations, then consultancies.
var typeWeights = []struct {
	typ    string
	weight int
}{
	{"accounting_firm", 40}, {"consulting", 25}, {"asset_appraisal", 12}, {"law_firm", 8},
	{"research_institute", 7}, {"university", 3}, {"other", 5},
}

// suffixes are the legal-form endings of names by institution type.
var suffixes = map[string][]string{
	"accounting_firm":    {"会计师事务所有限公司", "会计师事务所（特殊普通合伙）", "会计师事务所（普通合伙）"},
	"consulting":         {"管理咨询有限公司", "工程咨询有限公司", "咨询有限公司", "财务咨询有限公司", "项目管理有限公司"},
	"asset_appraisal":    {"资产评估有限公司", "资产评估事务所", "土地房地产评估有限公司"},
	"law_firm":           {"律师事务所"},
	"research_institute": {"绩效评价研究院", "财政科学研究所", "发展研究中心"},
	"university":         {"财经学院", "经济管理学院", "科技学院"},
	"other":              {"税务师事务所有限公司", "工程造价咨询有限公司"},
}

// brandChars make up a firm's trade name (字号).
var brandChars = []rune("天平信诚德正明鉴公允中审华普瑞恒立达远航金石开元永安新世纪同心求实广和致博宏嘉汇通启方圆长青建昌泰丰盛隆鑫源科衡睿智卓越联众志精铭弘毅兴旺合益先锋鼎晟融")

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛")

var givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红文辉斌宇浩凯鹏飞晓燕雪梅琳欣怡子涵思远俊峰海波一鸣佳颖")

var (
	educations = []string{"本科", "硕士研究生", "博士研究生", "大专"}
	titles     = []string{"高级会计师", "注册会计师", "中级会计师", "高级经济师", "经济师", "副教授", "教授", "助理研究员", "高级工程师"}
	fields     = []string{"财政预算", "教育", "医疗卫生", "农业农村", "交通运输", "生态环境", "社会保障", "科技创新"}
	funds      = []string{"义务教育保障经费", "基本公共卫生服务补助资金", "农田水利建设资金", "城乡居民养老保险补助", "乡村振兴衔接资金", "科技创新专项资金", "生态环境保护专项资金", "公共文化服务体系建设资金"}
	clientTail = []string{"财政局", "教育局", "卫生健康委员会", "农业农村局", "交通运输局", "生态环境局"}
)

// pickWeighted returns the index chosen by weight.
func pickWeighted(r *rand.Rand, weights []int, total int) int {
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// shortName drops the administrative suffix (湖南省 → 湖南, 长沙市 → 长沙),
// as firms name themselves.
func shortName(name string) string {
	for _, s := range []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "盟"} {
		if strings.HasSuffix(name, s) && len([]rune(name)) > len([]rune(s))+1 {
			return strings.TrimSuffix(name, s)
		}
	}
	return name
}

// place is a county where institutions are registered, with the short names
// a firm there would put in front of its trade name.
type place struct {
	code, province, city string
}

// countiesOf lists the counties of a province (a city without counties
// stands for itself), in code order so that the same seed picks the same
// ones.
func countiesOf(t *region.Tree, province string) []place {
	p := t.MustLookup(province)
	pn := shortName(p.Name)
	var out []place
	for _, c := range t.Children(province) {
		cn := pn
		if !c.IsPlaceholder() {
			cn = shortName(c.Name)
		}
		kids := t.Children(c.Code)
		if len(kids) == 0 {
			out = append(out, place{c.Code, pn, cn})
		}
		for _, k := range kids {
			out = append(out, place{k.Code, pn, cn})
		}
	}
	return out
}

// placeOf returns the place of one county code.
func placeOf(t *region.Tree, code string) (place, error) {
	r, ok := t.Lookup(code)
	if !ok || r.Level != region.County {
		return place{}, fmt.Errorf("gen: %q is not a county code", code)
	}
	for _, p := range countiesOf(t, code[:2]+"0000") {
		if p.code == code {
			return p, nil
		}
	}
	return place{}, fmt.Errorf("gen: county %s not found", code)
}

// institutionName builds a plausible name: place, trade name, legal form.
func institutionName(r *rand.Rand, p place, typ string) string {
	n := 2
	if r.IntN(5) == 0 {
		n = 3
	}
	brand := make([]rune, n)
	for i := range brand {
		brand[i] = brandChars[r.IntN(len(brandChars))]
	}
	where := p.province
	if r.IntN(2) == 0 {
		where = p.city
	}
	sfx := suffixes[typ]
	return where + string(brand) + sfx[r.IntN(len(sfx))]
}

// personName is a surname and one or two given characters.
func personName(r *rand.Rand) string {
	b := []rune{surnames[r.IntN(len(surnames))], givenChars[r.IntN(len(givenChars))]}
	if r.IntN(3) > 0 {
		b = append(b, givenChars[r.IntN(len(givenChars))])
	}
	return string(b)
}

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// Code is the county's six-digit code.
func (p place) Code() string { return p.code }
