package helpdesk

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// Answer answers a question held by the actor's region (permission
// question.answer). Of two officials answering at once one wins; the other
// gets a Conflict, as does anyone answering an answered question. The asker
// (for an institution: all its users) is notified.
func (s *Service) Answer(ctx context.Context, a *auth.Actor, id int64, text string) (*Question, error) {
	if err := a.Require("question.answer"); err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); n < 2 || n > maxText {
		return nil, apperr.InvalidField("text", "field.answer_text")
	}
	now := clock.Stamp(s.Clock)
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		q, err := s.act(ctx, tx, a, id, ActionAnswer)
		if err != nil {
			return err
		}
		st := questionStore{tx}
		if err := st.answer(ctx, q, text, a.UserID, now); err != nil {
			return err
		}
		if err := st.addEvent(ctx, id, "answered", q.HolderRegion, "", "", a, now); err != nil {
			return err
		}
		if err := indexText(ctx, tx, "question", id, q.Text); err != nil {
			return err
		}
		after := map[string]any{"state": StateAnswered, "holder_region": q.HolderRegion}
		if err := audit.Record(ctx, tx, a.Who(), now, "question.answered", "question", id, q.AskerRegion, map[string]any{"state": q.State}, after); err != nil {
			return err
		}
		return s.tellAsker(ctx, tx, q, now, "notice.question_answered")
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Escalate moves a question held by the actor's region one level up, with
// a note saying why (permission question.escalate). The new desk gets a
// fresh deadline: it only now learns of the question.
func (s *Service) Escalate(ctx context.Context, a *auth.Actor, id int64, note string) (*Question, error) {
	if err := a.Require("question.escalate"); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if n := utf8.RuneCountInString(note); n < 2 || n > maxNote {
		return nil, apperr.InvalidField("note", "field.escalate_note")
	}
	now := clock.Stamp(s.Clock)
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		q, err := s.act(ctx, tx, a, id, ActionEscalate)
		if err != nil {
			return err
		}
		to, _ := up(q.HolderRegion) // there is one: Question.may checked
		due, err := s.dueAt(ctx, tx, to, now)
		if err != nil {
			return err
		}
		st := questionStore{tx}
		if err := st.move(ctx, q, to, due, now); err != nil {
			return err
		}
		if err := st.addEvent(ctx, id, "escalated", q.HolderRegion, to, note, a, now); err != nil {
			return err
		}
		before, after := map[string]any{"holder_region": q.HolderRegion}, map[string]any{"holder_region": to, "note": note}
		if err := audit.Record(ctx, tx, a.Who(), now, "question.escalated", "question", id, q.AskerRegion, before, after); err != nil {
			return err
		}
		if err := s.tellDesk(ctx, tx, now, to, "notice.question_waiting", id); err != nil {
			return err
		}
		return s.tellAsker(ctx, tx, q, now, "notice.question_escalated")
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// act loads a question inside tx for action by a: NotFound when a may not
// see it, otherwise what Question.may says.
func (s *Service) act(ctx context.Context, tx *db.Tx, a *auth.Actor, id int64, action string) (*Question, error) {
	q, err := questionStore{tx}.get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return q, q.may(a, action)
}

// tellAsker notifies whoever asked: every user of the asking institution, or
// the asking reviewer.
func (s *Service) tellAsker(ctx context.Context, tx *db.Tx, q *Question, now time.Time, kind string) error {
	if s.Notify == nil {
		return nil
	}
	idStr := strconv.FormatInt(q.ID, 10)
	if q.InstitutionID != 0 {
		return s.Notify.ToInstitution(ctx, tx, now, q.InstitutionID, kind, questionLink(q.ID), idStr)
	}
	u, err := auth.GetUser(ctx, tx, q.AskerID)
	if err != nil {
		return fmt.Errorf("helpdesk: asker: %w", err)
	}
	return s.Notify.ToUsers(ctx, tx, now, []*auth.User{u}, kind, questionLink(q.ID), idStr)
}
