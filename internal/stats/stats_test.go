package stats_test

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/helpdesk"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/stats"
)

// The numbers of the report are those of the rows created: institutions in
// two Changsha counties and in Zhuzhou, review tasks (one returned with two
// sections commented), credit records and questions with their answer times.
func TestStatisticsMatchTheRows(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
		a1, u1 := registrytest.NewApprovedInstitution(t, d, clk, "430102")
		a2, _ := registrytest.NewApprovedInstitution(t, d, clk, "430102")
		b1, _ := registrytest.NewApprovedInstitution(t, d, clk, "430103")
		z1, _ := registrytest.NewApprovedInstitution(t, d, clk, "430202")
		registrytest.Register(t, d, clk, "430104") // pending
		admin := registrytest.Official(t, d, clk, auth.RoleProvincialAdmin, "430000")
		furong := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430102")

		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := d.Exec(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		at := func(h int) time.Time { return clk.Now().Add(time.Duration(h) * time.Hour) }
		// Review tasks: 430102 decided after 2h and 6h (the second returned), 430202 after 10h.
		task := `INSERT INTO review_tasks (institution_id, region_code, filing_version, level, state, due_at, decided_at, comments_json, created_at) VALUES (?, ?, 1, 1, ?, ?, ?, ?, ?)`
		exec(task, a1, "430102", "approved", at(48), at(2), "{}", at(0))
		exec(task, a2, "430102", "returned", at(48), at(6), `{"lead_evaluators":"主评人不是本机构员工","attachments":"缺营业执照","experts":""}`, at(0))
		exec(task, z1, "430202", "approved", at(48), at(10), "{}", at(0))
		exec(task, b1, "430103", "open", at(48), nil, "{}", at(0)) // not decided: not counted
		credit := `INSERT INTO credit_records (institution_id, kind, severity, category, facts, basis, state, proposed_by, proposer_region, proposed_on, objection_deadline, effective_on, created_at, updated_at)
			VALUES (?, 'bad', 'general', ?, '事实', '依据', 'effective', ?, '430000', ?, ?, ?, ?, ?)`
		day := calendar.DateOf(clk.Now())
		exec(credit, a1, "poor_quality", admin.UserID, day, day, day, at(0), at(0))
		exec(credit, b1, "poor_quality", admin.UserID, day, day, day, at(0), at(0))
		exec(credit, z1, "fraud", admin.UserID, day, day, day, at(0), at(0))

		hd := &helpdesk.Service{DB: d, Clock: clk, Cal: calendar.Default()}
		q1, _ := hd.Ask(ctx, u1, helpdesk.AskInput{Category: "filing", Text: "问题一：怎么填报？"})
		if _, err := hd.Ask(ctx, u1, helpdesk.AskInput{Category: "credit", Text: "问题二：怎么修复？"}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(3 * time.Hour)
		if _, err := hd.Answer(ctx, furong, q1.ID, "按说明填报。"); err != nil {
			t.Fatal(err)
		}

		s := &stats.Service{DB: d, Clock: clk}
		rep, err := s.Compute(ctx, admin, calendar.MustParseDate("2026-03-01"), calendar.MustParseDate("2026-03-31"))
		if err != nil {
			t.Fatal(err)
		}
		tot := rep.Total
		if tot.Institutions != 5 || tot.InstitutionsByStatus["active"] != 4 || tot.InstitutionsByStatus["pending"] != 1 || tot.InstitutionsByType["consulting"] != 5 {
			t.Errorf("institutions: %d %v %v", tot.Institutions, tot.InstitutionsByStatus, tot.InstitutionsByType)
		}
		if tot.ReviewsDecided != 3 || tot.ReviewMedianHours != 6 || tot.Returns != 1 ||
			tot.ReturnsBySection["lead_evaluators"] != 1 || tot.ReturnsBySection["attachments"] != 1 || len(tot.ReturnsBySection) != 2 {
			t.Errorf("reviews: %d %.1f %d %v", tot.ReviewsDecided, tot.ReviewMedianHours, tot.Returns, tot.ReturnsBySection)
		}
		if tot.CreditRecords != 3 || tot.CreditByCategory["poor_quality"] != 2 || tot.CreditByCategory["fraud"] != 1 {
			t.Errorf("credit: %v", tot.CreditByCategory)
		}
		if tot.Questions != 2 || tot.QuestionsAnswered != 1 || tot.AnswerMedianHours != 3 || tot.QuestionsByCategory["credit"] != 1 {
			t.Errorf("questions: %d %d %.1f %v", tot.Questions, tot.QuestionsAnswered, tot.AnswerMedianHours, tot.QuestionsByCategory)
		}
		byCode := map[string]*stats.Region{}
		for _, g := range rep.Regions {
			byCode[g.Code] = g
		}
		cs, zz := byCode["430100"], byCode["430200"]
		if cs == nil || zz == nil || len(rep.Regions) < 14 {
			t.Fatalf("regions: %d", len(rep.Regions))
		}
		if cs.Institutions != 4 || cs.ReviewsDecided != 2 || cs.ReviewMedianHours != 4 || cs.CreditRecords != 2 || cs.Questions != 2 {
			t.Errorf("changsha: %+v", cs)
		}
		if zz.Institutions != 1 || zz.ReviewsDecided != 1 || zz.ReviewMedianHours != 10 || zz.CreditByCategory["fraud"] != 1 || zz.Questions != 0 {
			t.Errorf("zhuzhou: %+v", zz)
		}
		// A range before everything counts no reviews, credit or questions.
		rep, _ = s.Compute(ctx, admin, calendar.MustParseDate("2026-01-01"), calendar.MustParseDate("2026-02-28"))
		if rep.Total.ReviewsDecided != 0 || rep.Total.CreditRecords != 0 || rep.Total.Questions != 0 || rep.Total.Institutions != 0 {
			t.Errorf("earlier range: %+v", rep.Total)
		}
		// A county reviewer sees its own county only; an institution user nothing.
		rep, err = s.Compute(ctx, furong, calendar.Date{}, calendar.Date{})
		if err != nil || rep.Total.Institutions != 2 || len(rep.Regions) != 0 {
			t.Errorf("furong: %v %+v", err, rep)
		}
		if _, err := s.Compute(ctx, u1, calendar.Date{}, calendar.Date{}); err == nil {
			t.Error("institution user got statistics")
		}
	})
}
