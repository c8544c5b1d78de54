package assessment

import (
	"context"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// CommentInput is the body of POST /api/v1/assessments/{id}/comment: the
// institution's remarks, and whether it disputes the scores.
type CommentInput struct {
	Comment string `json:"comment"`
	Dispute bool   `json:"dispute"`
}

// Comment records the assessed institution's comment inside its window
// (assessment.comment, its own users only). After the window the answer is
// 409 assessment.error.comment_window_closed; a second comment is 409 too.
func (s *Service) Comment(ctx context.Context, a *auth.Actor, id int64, in CommentInput) (*Assessment, error) {
	if err := a.Require("assessment.comment"); err != nil {
		return nil, err
	}
	in.Comment = strings.TrimSpace(in.Comment)
	switch {
	case in.Comment == "":
		return nil, apperr.InvalidField("comment", "field.required")
	case utf8.RuneCountInString(in.Comment) > maxJustification:
		return nil, apperr.InvalidField("comment", "assessment.field.too_long")
	}
	action, to := ActionComment, StateCommented
	if in.Dispute {
		action, to = ActionDispute, StateDisputed
	}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		x, err := s.act(ctx, tx, a, id, action)
		if err != nil {
			return err
		}
		now := clock.Stamp(s.Clock)
		if err := (assessmentStore{tx}).comment(ctx, x, to, in.Comment, a.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "assessment."+to, "assessment", id, x.RegionCode,
			map[string]any{"state": x.State}, map[string]any{"state": to, "comment": in.Comment})
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, s.DB, a, id)
}

// SettleInput is the body of POST /api/v1/assessments/{id}/settlement:
// "upheld" keeps the scores, "revised" replaces them (with justifications,
// as when scoring). The result is final.
type SettleInput struct {
	Decision       string                 `json:"decision"`
	Note           string                 `json:"note"`
	Scores         map[string]json.Number `json:"scores"`
	Justifications map[string]string      `json:"justifications"`
}

// Settle decides a disputed assessment. The settler needs assessment.settle,
// must not be the assessor and must sit at or above the assessor's region
// (for a provincial reviewer's assessment: the provincial administrator).
func (s *Service) Settle(ctx context.Context, a *auth.Actor, id int64, in SettleInput) (*Assessment, error) {
	if err := a.Require("assessment.settle"); err != nil {
		return nil, err
	}
	var f apperr.Fields
	var scores Scores
	var just map[string]string
	switch in.Decision {
	case "upheld":
	case "revised":
		scores, just = parseInput(in.Scores, in.Justifications, &f)
	default:
		f.Add("decision", "assessment.field.decision")
	}
	if strings.TrimSpace(in.Note) == "" {
		f.Add("note", "field.required")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		x, err := s.act(ctx, tx, a, id, ActionSettle)
		if err != nil {
			return err
		}
		if scores == nil {
			scores, just = x.Scores, x.Justifications
		}
		orig, _ := json.Marshal(map[string]any{"scores": x.Scores, "justifications": x.Justifications, "total": x.Total})
		decided := settlement{Scores: scores, Justifications: just, Total: Total(scores, x.Weights), Original: string(orig),
			Decision: in.Decision, Note: strings.TrimSpace(in.Note), By: a.UserID}
		now := clock.Stamp(s.Clock)
		if err := (assessmentStore{tx}).settle(ctx, x, decided, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "assessment.settled", "assessment", id, x.RegionCode,
			json.RawMessage(orig), map[string]any{"decision": in.Decision, "scores": scores, "total": decided.Total}); err != nil {
			return err
		}
		return s.notifyInstitution(ctx, tx, now, x.InstitutionID, "notice.assessment_settled", link(id), x.ProjectName, Points(decided.Total))
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, s.DB, a, id)
}

// act loads assessment id inside tx for action by a: NotFound when a may not
// see it, otherwise what Assessment.may says.
func (s *Service) act(ctx context.Context, tx *db.Tx, a *auth.Actor, id int64, action string) (*Assessment, error) {
	x, err := assessmentStore{tx}.get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return x, x.may(a, action, calendar.Current(s.Clock))
}
