// Package todo gathers what each person has to do today, for their home
// page: review tasks due and overdue, registrations waiting, returned
// filings, questions to answer, objections and repairs to decide, plans and
// reports to review, and for an institution its own filing, objection and
// comment windows and project work. Each item carries the page that opens
// it, one the reader may use: the list filtered to the work, or the record.
package todo

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filing"
	"evalcred/internal/region"
	"evalcred/internal/review"
)

// maxRefs bounds the records a to-do names one by one.
const maxRefs = 10

// Service answers the home page.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
}

// Ref is one record a to-do names (a project), with the time it has waited since.
type Ref struct {
	ID    int64     `json:"id"`
	Name  string    `json:"name"`
	Since time.Time `json:"since"`
}

// Item is one thing to do: its message key (with %d for Count, or %s for
// Name), how many, whether it is late, and the page that opens it.
type Item struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
	Name  string `json:"name,omitempty"`
	Late  bool   `json:"late"`
	Link  string `json:"link"`
	// Due is the day the work falls due, where one is set.
	Due calendar.Date `json:"due"`
}

// List returns the viewer's to-dos, the late ones first; empty when there
// is nothing to do today.
func (s *Service) List(ctx context.Context, a *auth.Actor) ([]Item, error) {
	if a == nil {
		return nil, nil
	}
	now := s.Clock.Now()
	today := calendar.DateOf(now)
	var out []Item
	add := func(key string, n int, late bool, link string) {
		if n > 0 {
			out = append(out, Item{Key: key, Count: n, Late: late, Link: link})
		}
	}
	st := store{s.DB}
	var err error
	if a.ForInstitution() {
		out, err = s.institution(ctx, st, a, today)
	} else {
		err = s.official(ctx, st, a, now, today, add, &out)
	}
	if err != nil {
		return nil, err
	}
	late := make([]Item, 0, len(out))
	rest := make([]Item, 0, len(out))
	for _, it := range out {
		if it.Late {
			late = append(late, it)
		} else {
			rest = append(rest, it)
		}
	}
	return append(late, rest...), nil
}

func (s *Service) official(ctx context.Context, st store, a *auth.Actor, now time.Time, today calendar.Date,
	add func(string, int, bool, string), out *[]Item) error {
	scope := a.Scope()
	if lv := review.LevelOf(a); lv > 0 {
		p, err := st.reviewTasks(ctx, lv, scope, now)
		if err != nil {
			return err
		}
		add("home.todo.reviews_overdue", p.late, true, "/reviews?state=open&overdue=1")
		add("home.todo.reviews_open", p.n-p.late, false, "/reviews?state=open")
	} else if a.Can("dashboard.view") {
		// Those who watch the reviews without deciding them see how many
		// are late on the dashboard, where they can urge the regions.
		p, err := st.reviewTasks(ctx, 0, scope, now)
		if err != nil {
			return err
		}
		add("home.todo.reviews_late_in_region", p.late, true, "/dashboard")
	}
	if a.Can("registration.review") {
		n, err := st.pendingRegistrations(ctx, scope)
		if err != nil {
			return err
		}
		add("home.todo.registrations", n, false, "/registrations")
	}
	if a.Can("question.answer") {
		desk := a.RegionCode
		if a.National() {
			desk = region.RootCode
		}
		p, err := st.heldQuestions(ctx, desk, now)
		if err != nil {
			return err
		}
		add("home.todo.questions_overdue", p.late, true, "/questions?held=1&overdue=1")
		add("home.todo.questions", p.n-p.late, false, "/questions?held=1")
	}
	if a.Can("credit.objection.decide") || a.Can("credit.repair.decide") {
		p, err := st.creditWaiting(ctx, scope)
		if err != nil {
			return err
		}
		if a.Can("credit.objection.decide") {
			add("home.todo.objections", p.n, false, "/credit-records?state=objected")
		}
		if a.Can("credit.repair.decide") {
			add("home.todo.repairs", p.late, false, "/credit-records?repair=pending")
		}
	}
	if a.Can("project.manage") {
		refs, err := st.plansWaiting(ctx, scope)
		if err != nil {
			return err
		}
		for _, r := range refs {
			*out = append(*out, Item{Key: "home.todo.plan", Count: 1, Name: r.Name, Link: fmt.Sprintf("/projects/%d", r.ID)})
		}
	}
	if a.Can("project.review_report") {
		refs, err := st.reportsToReview(ctx, a.UserID)
		if err != nil {
			return err
		}
		for _, r := range refs {
			*out = append(*out, Item{Key: "home.todo.report", Count: 1, Name: r.Name, Link: fmt.Sprintf("/projects/%d#report", r.ID)})
		}
	}
	if a.Can("institution.view") && a.Can("dashboard.view") {
		p, err := st.institutionsIn(ctx, scope, today)
		if err != nil {
			return err
		}
		add("home.todo.returned_filings", p.n, false, "/institutions?filing_state="+filing.StateReturned)
		add("home.todo.updates_overdue", p.late, false, "/institutions?update_overdue=1")
	}
	return nil
}

// updateSoon is how far ahead an institution is told its update falls due.
const updateSoon = 30

func (s *Service) institution(ctx context.Context, st store, a *auth.Actor, today calendar.Date) ([]Item, error) {
	var out []Item
	state, due, err := st.ownFiling(ctx, a.InstitutionID)
	if err != nil {
		return nil, err
	}
	switch state {
	case filing.StateReturned:
		out = append(out, Item{Key: "home.todo.filing_returned", Late: true, Link: "/filing"})
	case filing.StateNone, filing.StateDraft:
		out = append(out, Item{Key: "home.todo.filing_draft", Link: "/filing"})
	}
	if !due.IsZero() && state == filing.StateApproved && !due.After(today.AddDays(updateSoon)) {
		out = append(out, Item{Key: "home.todo.update_due", Count: 1, Late: due.Before(today), Link: "/filing", Due: due})
	}
	w, err := st.openWindows(ctx, a.InstitutionID, today)
	if err != nil {
		return nil, err
	}
	if w.n > 0 {
		out = append(out, Item{Key: "home.todo.objection_window", Count: w.n, Link: "/my/credit"})
	}
	if w.late > 0 {
		out = append(out, Item{Key: "home.todo.comment_window", Count: w.late, Link: "/my/grades"})
	}
	if a.Can("project.team_work") {
		refs, err := st.projectWork(ctx, a.InstitutionID)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			out = append(out, Item{Key: "home.todo.project_work", Count: 1, Name: r.Name, Link: fmt.Sprintf("/projects/%d", r.ID)})
		}
	}
	return out, nil
}
