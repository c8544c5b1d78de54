package review

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/filing"
	"evalcred/internal/registry"
)

// Decision is the body of POST /api/v1/reviews/{id}/decision.
type Decision struct {
	Decision string `json:"decision"` // approve or return
	// Comments holds a comment per filing section (filing.Sections), plus
	// "general" for the filing as a whole.
	Comments map[string]string `json:"comments"`
}

// The decisions.
const (
	Approve = "approve"
	Return  = "return"
)

// CommentGeneral is the comment key that is not a section.
const CommentGeneral = "general"

func (d *Decision) validate() error {
	var f apperr.Fields
	if d.Decision != Approve && d.Decision != Return {
		f.Add("decision", "field.decision")
	}
	clean := map[string]string{}
	for k, v := range d.Comments {
		v = strings.TrimSpace(v)
		switch {
		case k != CommentGeneral && !slices.Contains(filing.Sections, k):
			f.Add("comments."+k, "field.section")
		case registry.TooLong(v, 2000):
			f.Add("comments."+k, "field.too_long")
		case v != "":
			clean[k] = v
		}
	}
	d.Comments = clean
	if d.Decision == Return && len(clean) == 0 {
		f.Add("comments", "field.comment_required")
	}
	return f.Err()
}

// Decide approves or returns a task a may decide (LevelOf, inside its
// region; NotFound otherwise). Level 1 approval opens level 2; level 2
// approval approves the filing version; a return sends the filing back to
// the institution with the comments, and its next submit is a new version.
// Errors: Invalid (decision, unknown section, a return without comment),
// Conflict (ErrStale) when the task was decided meanwhile: of two reviewers
// deciding at once exactly one wins.
func (s *Service) Decide(ctx context.Context, a *auth.Actor, taskID int64, d Decision) (*Task, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	level := LevelOf(a)
	if level == 0 {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	now := s.Clock.Now()
	to := TaskApproved
	if d.Decision == Return {
		to = TaskReturned
	}
	comments, _ := json.Marshal(d.Comments)
	var out *Task
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		tasks := taskStore{tx}
		// The task is decided and read back in one statement; only when it
		// changed nothing is it read again, to tell a task decided meanwhile
		// (409) from one a may not decide (404).
		t, decided, err := tasks.decide(ctx, taskID, level, a.Scope(), to, a.UserID, string(comments), now)
		if err != nil {
			return err
		}
		if !decided {
			if _, err := tasks.get(ctx, taskID, level, a.Scope(), now); err != nil {
				return err
			}
			return apperr.ErrStale
		}
		name, err := s.apply(ctx, tx, t, d)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "review."+to, "review_task", t.ID, t.RegionCode, map[string]any{"state": TaskOpen},
			map[string]any{"state": to, "institution_id": t.InstitutionID, "version": t.Version, "level": t.Level, "comments": d.Comments}); err != nil {
			return err
		}
		if name != "" {
			t.InstitutionName = name
		}
		t.Actions = taskActions(a, t)
		out = t
		return nil
	})
	return out, err
}

// apply moves the filing version on and tells the people concerned. A
// level-2 approval puts the filing's name on the institution: it returns
// that name ("" otherwise).
func (s *Service) apply(ctx context.Context, tx *db.Tx, t *Task, d Decision) (string, error) {
	now := s.Clock.Now()
	from := filing.StateLevel1
	if t.Level == 2 {
		from = filing.StateLevel2
	}
	link := fmt.Sprintf("/institutions/%d/filings/%d", t.InstitutionID, t.Version)
	switch {
	case d.Decision == Return:
		if err := filing.Advance(ctx, tx, t.InstitutionID, t.Version, from, filing.StateReturned, now); err != nil {
			return "", err
		}
		return "", s.toInstitution(ctx, tx, t.InstitutionID, "notice.filing_returned", link, fmt.Sprint(t.Version), s.commentText(d.Comments))
	case t.Level == 1:
		if err := filing.Advance(ctx, tx, t.InstitutionID, t.Version, from, filing.StateLevel2, now); err != nil {
			return "", err
		}
		return "", s.open(ctx, tx, t.InstitutionID, t.InstitutionName, t.RegionCode, t.Version, 2)
	default:
		ap, err := filing.Approve(ctx, tx, filing.Current{ID: t.InstitutionID, RegionCode: t.institutionRegion, Name: t.InstitutionName}, t.Version, now)
		if err != nil {
			return "", err
		}
		if ap.Renamed && s.OnName != nil {
			if err := s.OnName(ctx, tx, t.InstitutionID, ap.Name); err != nil {
				return "", err
			}
		}
		return ap.Name, s.toInstitution(ctx, tx, t.InstitutionID, "notice.filing_approved", link, fmt.Sprint(t.Version))
	}
}

func (s *Service) toInstitution(ctx context.Context, tx *db.Tx, instID int64, key, link string, args ...string) error {
	if s.Notify == nil {
		return nil
	}
	return s.Notify.ToInstitution(ctx, tx, s.Clock.Now(), instID, key, link, args...)
}

// commentText renders the comments for a notice, section by section in the
// order of the filing, named in Chinese like the rest of the mail.
func (s *Service) commentText(c map[string]string) string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if i := slices.Index(filing.Sections, k); i >= 0 {
			return i
		}
		return -1 // general first
	}
	sort.Slice(keys, func(i, j int) bool { return rank(keys[i]) < rank(keys[j]) })
	var b strings.Builder
	for _, k := range keys {
		name := k
		if s.Notify != nil && s.Notify.T != nil {
			name = s.Notify.T("zh", "filing.section."+k)
		}
		fmt.Fprintf(&b, "\n【%s】%s", name, c[k])
	}
	return b.String()
}
