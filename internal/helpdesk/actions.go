package helpdesk

import (
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
)

// The actions on a question, as its "actions" list names them.
const (
	ActionAnswer   = "answer"
	ActionEscalate = "escalate"
)

// actions are the actions on a question with the permission each takes and
// the state it leads to, in the order the list names them.
var actions = []struct{ name, perm, to string }{
	{ActionAnswer, "question.answer", StateAnswered},
	{ActionEscalate, "question.escalate", StateOpen},
}

// may returns why a may not take action on q, nil when a may: the
// permission, the workflow, that a staffs the desk holding q, and for an
// escalation that there is a desk above. The caller has loaded q as a (so a
// sees it).
func (q *Question) may(a *auth.Actor, action string) error {
	for _, act := range actions {
		if act.name != action {
			continue
		}
		if err := a.Require(act.perm); err != nil {
			return err
		}
		if !flow.Can(q.State, act.to) {
			return apperr.ErrStale
		}
		if !holds(a, q.HolderRegion) {
			return apperr.New(apperr.Forbidden, "error.question_not_holder")
		}
		if _, hasUp := up(q.HolderRegion); action == ActionEscalate && !hasUp {
			return apperr.New(apperr.Conflict, "error.question_top")
		}
		return nil
	}
	return apperr.ErrStale // not an action of the workflow
}

// show completes q for its reader a at now: whether it is overdue, and the
// actions a may take now.
func (q *Question) show(a *auth.Actor, now time.Time) {
	q.Overdue = q.State == StateOpen && now.After(q.DueAt)
	q.Actions = []string{}
	for _, act := range actions {
		if q.may(a, act.name) == nil {
			q.Actions = append(q.Actions, act.name)
		}
	}
	q.CanAnswer = slices.Contains(q.Actions, ActionAnswer)
	q.CanEscalate = slices.Contains(q.Actions, ActionEscalate)
}
