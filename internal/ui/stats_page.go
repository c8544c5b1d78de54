package ui

import (
	"net/http"
	"sort"

	"evalcred/internal/apperr"
	"evalcred/internal/locale"
	"evalcred/internal/registry"
	"evalcred/internal/stats"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /statistics", u.statsPage)
	})
}

// statsData is the statistics page: the report for the tables and the
// chart series for static/stats.js, passed as a JSON block because the
// content security policy forbids inline scripts.
type statsData struct {
	Report *stats.Report
	Chart  chartData
}

// chartData is what stats.js draws, with every label already translated.
type chartData struct {
	Regions   []string      `json:"regions"`
	ByType    []chartSeries `json:"by_type"`
	Review    []float64     `json:"review_hours"`
	Answer    []float64     `json:"answer_hours"`
	Returns   []chartPoint  `json:"returns"`
	Credit    []chartPoint  `json:"credit"`
	Questions []chartPoint  `json:"questions"`
	Labels    map[string]string
}

type chartSeries struct {
	Name string `json:"name"`
	Data []int  `json:"data"`
}

type chartPoint struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
}

func (u *UI) statsPage(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	from, to, err := web.DateRange(r)
	var rep *stats.Report
	if err == nil {
		rep, err = u.S.Stats.Compute(r.Context(), a, from, to)
	}
	if err != nil {
		if !apperr.Is(err, apperr.Invalid) {
			u.fail(w, r, err)
			return
		}
		p := u.page(r, "stats.title", statsData{})
		u.Engine.Render(w, r, p.withError(r, err), "stats", p)
		return
	}
	lang := web.Lang(r.Context())
	u.Engine.Render(w, r, http.StatusOK, "stats", u.page(r, "stats.title", statsData{Report: rep, Chart: chart(lang, rep)}))
}

// chart turns a report into the series of the four charts.
func chart(lang string, rep *stats.Report) chartData {
	c := chartData{Labels: map[string]string{}}
	for _, k := range []string{"stats.by_type", "stats.review_median", "stats.answer_median", "stats.returns", "stats.credit", "stats.questions_by_category"} {
		c.Labels[k] = locale.T(lang, k)
	}
	for _, g := range rep.Regions {
		c.Regions = append(c.Regions, g.Name)
		c.Review = append(c.Review, g.ReviewMedianHours)
		c.Answer = append(c.Answer, g.AnswerMedianHours)
	}
	for _, t := range registry.Types {
		s := chartSeries{Name: locale.T(lang, "institution.type."+t)}
		for _, g := range rep.Regions {
			s.Data = append(s.Data, g.InstitutionsByType[t])
		}
		c.ByType = append(c.ByType, s)
	}
	c.Returns = points(lang, "filing.section.", rep.Total.ReturnsBySection)
	c.Credit = points(lang, "stats.credit.", rep.Total.CreditByCategory)
	c.Questions = points(lang, "question.category.", rep.Total.QuestionsByCategory)
	return c
}

func points(lang, prefix string, m stats.Counts) []chartPoint {
	out := []chartPoint{}
	for k, v := range m {
		out = append(out, chartPoint{Name: locale.T(lang, prefix+k), Value: v})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Value > out[j].Value || out[i].Value == out[j].Value && out[i].Name < out[j].Name
	})
	return out
}
