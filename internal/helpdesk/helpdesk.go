// Package helpdesk is the question desk (答疑): institutions and local
// reviewers ask, the region holding a question answers it or escalates it one
// level up (county → city → province → ministry) with a note, and answered
// questions that come up often become FAQ entries on a public page. While a
// question is typed, similar answered questions and FAQ entries are
// suggested, matched on character bigrams because Chinese has no spaces
// between words.
//
// Who answers: only officials of the region holding the question right now
// (the ministry operator for questions escalated to 000000). A superior
// region sees its subordinates' questions but does not answer over their
// heads: it waits for the escalation, so that every question has exactly one
// responsible desk and its deadline means something.
package helpdesk

import (
	"slices"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/notify"
	"evalcred/internal/region"
	"evalcred/internal/workflow"
)

// Service runs the question desk and the FAQ.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Cal    *calendar.Calendar
	Notify *notify.Notifier
}

// The states of a question.
const (
	StateOpen     = "open"
	StateAnswered = "answered"
)

// flow is the workflow of a question: an answer closes it; escalating keeps
// it open but moves it to another desk.
var flow = workflow.New("error.stale", map[string][]string{
	StateOpen: {StateAnswered, StateOpen},
})

// Categories are what questions are about; screens and statistics group by
// them.
var Categories = []string{"registration", "filing", "review", "credit", "project", "assessment", "fee", "training", "system", "other"}

// ValidCategory reports whether c is one of Categories.
func ValidCategory(c string) bool { return slices.Contains(Categories, c) }

// deskRoles are the roles that staff a region's desk (those holding
// question.answer): they are told of new, escalated and overdue questions.
var deskRoles = func() []auth.Role {
	var out []auth.Role
	for _, r := range auth.Roles {
		if slices.Contains(auth.Permissions(r), "question.answer") {
			out = append(out, r)
		}
	}
	return out
}()

// Question is a question with, from Get, its whole history.
type Question struct {
	ID            int64      `json:"id"`
	Category      string     `json:"category"`
	Text          string     `json:"text"`
	State         string     `json:"state"`
	AskerID       int64      `json:"asker_id"`
	AskerName     string     `json:"asker_name"`
	InstitutionID int64      `json:"institution_id,omitempty"`
	AskerRegion   string     `json:"asker_region"`
	HolderRegion  string     `json:"holder_region"`
	HolderName    string     `json:"holder_name"`
	AttachmentIDs []int64    `json:"attachment_ids"`
	Answer        string     `json:"answer,omitempty"`
	AnsweredBy    int64      `json:"answered_by,omitempty"`
	AnsweredAt    *time.Time `json:"answered_at,omitempty"`
	DueAt         time.Time  `json:"due_at"`
	Overdue       bool       `json:"overdue"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	LockVersion   int        `json:"-"`
	History       []Event    `json:"history,omitempty"`
	// Actions are what the reader may do with the question now (see
	// Question.may): "answer", "escalate". CanAnswer and CanEscalate say
	// the same for screens.
	Actions     []string `json:"actions"`
	CanAnswer   bool     `json:"can_answer"`
	CanEscalate bool     `json:"can_escalate"`
}

// Event is one step of a question's history.
type Event struct {
	Kind       string    `json:"kind"` // asked, escalated, answered
	FromRegion string    `json:"from_region,omitempty"`
	ToRegion   string    `json:"to_region,omitempty"`
	Note       string    `json:"note,omitempty"`
	ActorName  string    `json:"actor_name"`
	At         time.Time `json:"at"`
}

// up returns the region above code that answers what code cannot: the
// parent, skipping placeholder nodes (市辖区) that are nobody's desk; false
// at the ministry.
func up(code string) (string, bool) {
	t := region.Default()
	for {
		p, ok := t.Parent(code)
		if !ok {
			return "", false
		}
		if !p.IsPlaceholder() {
			return p.Code, true
		}
		code = p.Code
	}
}

// deskOf is the desk a staffs: the ministry's is the root of the region
// tree, every other official's their own region.
func deskOf(a *auth.Actor) string {
	if a.National() {
		return region.RootCode
	}
	return a.RegionCode
}

// holds reports whether a staffs the desk of region code.
func holds(a *auth.Actor, code string) bool { return a.Can("question.answer") && deskOf(a) == code }

// regionName is the display name of a desk ("全国" for the ministry's).
func regionName(code string) string { return region.Default().FullName(code) }
