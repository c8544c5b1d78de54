package review_test

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/review"
)

func TestDashboard(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		// Changsha: one pending registration in Furong, one level-1 task in
		// Furong (will be overdue), one returned filing in Yuelu (430104).
		registrytest.Register(t, d, clk, "430102")
		a, au := registrytest.NewApprovedInstitution(t, d, clk, "430102")
		s.Submit(t, au, a, s.CompleteDocument(t, au, a))
		b, bu := registrytest.NewApprovedInstitution(t, d, clk, "430104")
		s.Submit(t, bu, b, s.CompleteDocument(t, bu, b))
		yuelu := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430104")
		clk.Advance(2 * time.Hour)
		s.DecideOpen(t, yuelu, b, 1, review.Decision{Decision: "return", Comments: map[string]string{"institution": "请更正"}})
		// Zhuzhou: one level-1 task approved after 4 hours, now at level 2.
		c, cu := registrytest.NewApprovedInstitution(t, d, clk, "430202")
		s.Submit(t, cu, c, s.CompleteDocument(t, cu, c))
		clk.Advance(4 * time.Hour)
		zz := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430200")
		s.DecideOpen(t, zz, c, 1, review.Decision{Decision: "approve"})
		clk.Advance(5 * 24 * time.Hour) // Furong's level-1 task is now overdue

		hunan := registrytest.Official(t, d, clk, auth.RoleProvincialReviewer, "430000")
		dash, err := s.Review.Dashboard(ctx, hunan)
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]*review.RegionStats{}
		for _, r := range dash.Children {
			byCode[r.RegionCode] = r
		}
		cs, zs := byCode["430100"], byCode["430200"]
		if cs == nil || zs == nil || len(dash.Children) < 14 {
			t.Fatalf("children %+v", dash.Children)
		}
		check := func(name string, got, want int) {
			t.Helper()
			if got != want {
				t.Errorf("%s = %d, want %d", name, got, want)
			}
		}
		check("changsha registrations", cs.RegistrationsPending, 1)
		check("changsha reviews", cs.ReviewsPending, 1)
		check("changsha overdue", cs.ReviewsOverdue, 1)
		check("changsha returned", cs.ReturnedNotResubmitted, 1)
		check("zhuzhou reviews", zs.ReviewsPending, 0) // its level 2 is the province's
		check("total reviews", dash.Total.ReviewsPending, 2)
		check("total overdue", dash.Total.ReviewsOverdue, 1)
		check("total registrations", dash.Total.RegistrationsPending, 1)
		check("total returned", dash.Total.ReturnedNotResubmitted, 1)
		if zs.MedianHoursToDecide == nil || *zs.MedianHoursToDecide != 4 {
			t.Errorf("zhuzhou median %v", zs.MedianHoursToDecide)
		}
		if dash.Total.MedianHoursToDecide == nil || *dash.Total.MedianHoursToDecide != 3 {
			t.Errorf("total median %v", dash.Total.MedianHoursToDecide)
		}
		// A city reviewer sees its counties, and never the province's level 2.
		changsha := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430100")
		cd, _ := s.Review.Dashboard(ctx, changsha)
		if cd.Total.ReviewsPending != 1 || cd.Total.RegistrationsPending != 1 {
			t.Errorf("changsha totals %+v", cd.Total)
		}
		for _, r := range cd.Children {
			if r.RegionCode == "430102" && (r.ReviewsOverdue != 1 || r.RegistrationsPending != 1) {
				t.Errorf("furong %+v", r)
			}
			if r.RegionCode == "430104" && r.ReturnedNotResubmitted != 1 {
				t.Errorf("yuelu %+v", r)
			}
		}
		zd, _ := s.Review.Dashboard(ctx, zz)
		if zd.Total.ReviewsPending != 0 || zd.Total.RegistrationsPending != 0 {
			t.Errorf("zhuzhou totals %+v", zd.Total)
		}
		if _, err := s.Review.Dashboard(ctx, cu); err == nil {
			t.Error("institution user sees the dashboard")
		}
	})
}
