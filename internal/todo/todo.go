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
	"slices"
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

// Ref is one record a to-do names (a project).
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Item is one thing to do: its message key (with %d for Count, %s for Name
// or for Due), how many, whether it is late, and the page that opens it.
type Item struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
	Name  string `json:"name,omitempty"`
	Late  bool   `json:"late"`
	Link  string `json:"link"`
	// Due is the day the work falls due, where one is set.
	Due calendar.Date `json:"due"`
}

// items collects a person's to-dos.
type items []Item

// count adds a to-do of n things, unless there are none.
func (l *items) count(key string, n int, late bool, link string) {
	if n > 0 {
		*l = append(*l, Item{Key: key, Count: n, Late: late, Link: link})
	}
}

// each adds a to-do per record, opening the record's page.
func (l *items) each(key string, refs []Ref, link string) {
	for _, r := range refs {
		*l = append(*l, Item{Key: key, Name: r.Name, Link: fmt.Sprintf(link, r.ID)})
	}
}

// List returns the viewer's to-dos, the late ones first; empty when there
// is nothing to do today.
func (s *Service) List(ctx context.Context, a *auth.Actor) ([]Item, error) {
	if a == nil {
		return nil, nil
	}
	now := s.Clock.Now()
	var l items
	var err error
	if a.ForInstitution() {
		err = s.institution(ctx, store{s.DB}, a, calendar.DateOf(now), &l)
	} else {
		err = s.official(ctx, store{s.DB}, a, now, &l)
	}
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(l, func(x, y Item) int {
		switch {
		case x.Late == y.Late:
			return 0
		case x.Late:
			return -1
		}
		return 1
	})
	return l, nil
}

func (s *Service) official(ctx context.Context, st store, a *auth.Actor, now time.Time, l *items) error {
	scope := a.Scope()
	if lv := review.LevelOf(a); lv > 0 {
		p, err := st.reviewTasks(ctx, lv, scope, now)
		if err != nil {
			return err
		}
		l.count("home.todo.reviews_overdue", p.m, true, "/reviews?state=open&overdue=1")
		l.count("home.todo.reviews_open", p.n-p.m, false, "/reviews?state=open")
	} else if a.Can("dashboard.view") {
		// Those who watch the reviews without deciding them see how many
		// are late on the dashboard, where they can urge the regions.
		p, err := st.reviewTasks(ctx, 0, scope, now)
		if err != nil {
			return err
		}
		l.count("home.todo.reviews_late_in_region", p.m, true, "/dashboard")
	}
	if a.Can("registration.review") {
		n, err := st.pendingRegistrations(ctx, scope)
		if err != nil {
			return err
		}
		l.count("home.todo.registrations", n, false, "/registrations")
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
		l.count("home.todo.questions_overdue", p.m, true, "/questions?held=1&overdue=1")
		l.count("home.todo.questions", p.n-p.m, false, "/questions?held=1")
	}
	if a.Can("credit.objection.decide") || a.Can("credit.repair.decide") {
		p, err := st.creditWaiting(ctx, scope)
		if err != nil {
			return err
		}
		if a.Can("credit.objection.decide") {
			l.count("home.todo.objections", p.n, false, "/credit-records?state=objected")
		}
		if a.Can("credit.repair.decide") {
			l.count("home.todo.repairs", p.m, false, "/credit-records?repair=pending")
		}
	}
	if a.Can("project.manage") {
		refs, err := st.plansWaiting(ctx, scope)
		if err != nil {
			return err
		}
		l.each("home.todo.plan", refs, "/projects/%d")
	}
	if a.Can("project.review_report") {
		refs, err := st.reportsToReview(ctx, a.UserID)
		if err != nil {
			return err
		}
		l.each("home.todo.report", refs, "/projects/%d")
	}
	if a.Can("institution.view") && a.Can("dashboard.view") {
		p, err := st.institutionsIn(ctx, scope, calendar.DateOf(now))
		if err != nil {
			return err
		}
		l.count("home.todo.returned_filings", p.n, false, "/institutions?filing_state="+filing.StateReturned)
		l.count("home.todo.updates_overdue", p.m, false, "/institutions?update_overdue=1")
	}
	return nil
}

// updateSoon is how far ahead an institution is told its update falls due.
const updateSoon = 30

func (s *Service) institution(ctx context.Context, st store, a *auth.Actor, today calendar.Date, l *items) error {
	state, due, err := st.ownFiling(ctx, a.InstitutionID)
	if err != nil {
		return err
	}
	switch state {
	case filing.StateReturned:
		*l = append(*l, Item{Key: "home.todo.filing_returned", Late: true, Link: "/filing"})
	case filing.StateNone, filing.StateDraft:
		*l = append(*l, Item{Key: "home.todo.filing_draft", Link: "/filing"})
	}
	if !due.IsZero() && state == filing.StateApproved && !due.After(today.AddDays(updateSoon)) {
		*l = append(*l, Item{Key: "home.todo.update_due", Late: due.Before(today), Link: "/filing", Due: due})
	}
	w, err := st.openWindows(ctx, a.InstitutionID, today)
	if err != nil {
		return err
	}
	l.count("home.todo.objection_window", w.n, false, "/my/credit")
	l.count("home.todo.comment_window", w.m, false, "/my/grades")
	if a.Can("project.team_work") {
		refs, err := st.projectWork(ctx, a.InstitutionID)
		if err != nil {
			return err
		}
		l.each("home.todo.project_work", refs, "/projects/%d")
	}
	return nil
}
