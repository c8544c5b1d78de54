package assessment

import (
	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
)

// The actions on an assessment, as its "actions" list names them, each with
// the permission it takes and the state it leads to.
const (
	ActionComment = "comment" // the institution accepts, with a comment
	ActionDispute = "dispute" // the institution disputes
	ActionSettle  = "settle"  // an official above the assessor decides the dispute
)

var actions = []struct{ name, perm, to string }{
	{ActionComment, "assessment.comment", StateCommented},
	{ActionDispute, "assessment.comment", StateDisputed},
	{ActionSettle, "assessment.settle", StateSettled},
}

// may returns why a may not take action on x on day, nil when a may: the
// permission, the comment window (for comments and disputes), that a settler
// oversees the assessor (auth.Actor.Oversees), and the state table. The
// caller has loaded x as a (so a sees it).
func (x *Assessment) may(a *auth.Actor, action string, day calendar.Date) error {
	for _, act := range actions {
		if act.name != action {
			continue
		}
		if err := a.Require(act.perm); err != nil {
			return err
		}
		switch action {
		case ActionComment, ActionDispute:
			if x.State == StateOpen && x.CommentDeadline.Before(day) {
				return apperr.New(apperr.Conflict, "assessment.error.comment_window_closed", x.CommentDeadline.String())
			}
		case ActionSettle:
			if err := a.Oversees(x.AssessedBy, x.AssessorRegion); err != nil {
				return err
			}
		}
		return flow.Check(x.State, act.to)
	}
	return apperr.New(apperr.Conflict, "assessment.error.wrong_state", x.State) // not an action of the table
}

// show completes x for its reader a on day: whether it is final, and the
// actions a may take now, in the order declared above.
func (x *Assessment) show(a *auth.Actor, day calendar.Date) {
	x.Final = x.final(day)
	x.Actions = []string{}
	for _, act := range actions {
		if x.may(a, act.name, day) == nil {
			x.Actions = append(x.Actions, act.name)
		}
	}
}
