package ui

import (
	"net/http"

	"evalcred/internal/review"
)

// The urging dashboard: per city or county, the figures that show who lags,
// as a chart (drawn by static/dashboard.js from a JSON block: the content
// security policy forbids inline scripts) with the same numbers in a table.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /dashboard", u.dashboard)
	})
}

// dashboardChart is what the chart script reads.
type dashboardChart struct {
	Regions []string          `json:"regions"`
	Series  []dashboardSeries `json:"series"`
	Median  []*float64        `json:"median"`
	Labels  map[string]string `json:"labels"`
}

type dashboardSeries struct {
	Name string `json:"name"`
	Data []int  `json:"data"`
}

type dashboardData struct {
	*review.DashboardResult
	Chart dashboardChart
}

func (u *UI) dashboard(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	res, err := u.S.Review.Dashboard(r.Context(), a)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	p := u.page(r, "dashboard.title", nil)
	p.Data = dashboardData{DashboardResult: res, Chart: chartOf(p, res)}
	u.Engine.Render(w, r, http.StatusOK, "dashboard", p)
}

// chartOf arranges the figures as one bar series per measure over the
// child regions, labelled in the page's language.
func chartOf(p *Page, res *review.DashboardResult) dashboardChart {
	keys := []string{"dashboard.registrations_pending", "dashboard.reviews_pending", "dashboard.reviews_overdue", "dashboard.returned"}
	c := dashboardChart{Labels: map[string]string{"median": p.T("dashboard.median_hours")}}
	series := make([]dashboardSeries, len(keys))
	for i, k := range keys {
		series[i].Name = p.T(k)
	}
	for _, ch := range res.Children {
		c.Regions = append(c.Regions, ch.RegionName)
		for i, n := range []int{ch.RegistrationsPending, ch.ReviewsPending, ch.ReviewsOverdue, ch.ReturnedNotResubmitted} {
			series[i].Data = append(series[i].Data, n)
		}
		c.Median = append(c.Median, ch.MedianHoursToDecide)
	}
	c.Series = series
	return c
}
