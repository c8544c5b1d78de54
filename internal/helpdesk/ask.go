package helpdesk

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/policy"
	"evalcred/internal/registry"
)

// AskInput is the body of POST /api/v1/questions.
type AskInput struct {
	Category      string  `json:"category"`
	Text          string  `json:"text"`
	AttachmentIDs []int64 `json:"attachment_ids"`
}

// AskResult is what Ask answers.
type AskResult struct {
	ID    int64  `json:"id"`
	State string `json:"state"`
}

// Limits on the texts of the desk, in characters.
const (
	maxText = 2000
	minText = 4
	maxNote = 1000
)

// Ask records a question (permission question.ask). An institution user's
// question is held by the institution's home region; a reviewer's by the
// region above the reviewer's own, since a desk does not answer itself.
func (s *Service) Ask(ctx context.Context, a *auth.Actor, in AskInput) (*AskResult, error) {
	if err := a.Require("question.ask"); err != nil {
		return nil, err
	}
	in.Category, in.Text = strings.TrimSpace(in.Category), strings.TrimSpace(in.Text)
	var f apperr.Fields
	if !ValidCategory(in.Category) {
		f.Add("category", "field.question_category")
	}
	if n := utf8.RuneCountInString(in.Text); n < minText || n > maxText {
		f.Add("text", "field.question_text")
	}
	if len(in.AttachmentIDs) > 10 || len(in.AttachmentIDs) > 0 && a.InstitutionID == 0 {
		f.Add("attachment_ids", "field.question_attachments")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := clock.Stamp(s.Clock)
	res := &AskResult{State: StateOpen}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		askerRegion, holder, err := s.desk(ctx, tx, a, now)
		if err != nil {
			return err
		}
		st := questionStore{tx}
		if err := checkAttachments(ctx, st, a.InstitutionID, in.AttachmentIDs); err != nil {
			return err
		}
		due, err := s.dueAt(ctx, tx, holder, now)
		if err != nil {
			return err
		}
		q := &Question{Category: in.Category, Text: in.Text, AskerID: a.UserID, InstitutionID: a.InstitutionID, AskerRegion: askerRegion,
			HolderRegion: holder, AttachmentIDs: nonNil(in.AttachmentIDs), DueAt: due}
		if res.ID, err = st.insert(ctx, q, now); err != nil {
			return err
		}
		if err := st.addEvent(ctx, res.ID, "asked", askerRegion, holder, "", a, now); err != nil {
			return err
		}
		after := map[string]any{"category": in.Category, "holder_region": holder}
		if err := audit.Record(ctx, tx, a.Who(), now, "question.asked", "question", res.ID, askerRegion, nil, after); err != nil {
			return err
		}
		return s.tellDesk(ctx, tx, now, holder, "notice.question_waiting", res.ID)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// desk returns where a question of a comes from and which region holds it:
// an institution's is held by its home region, a reviewer's by the region
// above, since a desk does not answer itself.
func (s *Service) desk(ctx context.Context, tx *db.Tx, a *auth.Actor, now time.Time) (asker, holder string, err error) {
	if a.ForInstitution() {
		inst, err := registry.Load(ctx, tx, a.InstitutionID, now)
		if err != nil {
			return "", "", err
		}
		return inst.RegionCode, inst.RegionCode, nil
	}
	holder, ok := up(a.RegionCode)
	if !ok {
		return "", "", apperr.New(apperr.Conflict, "error.question_top")
	}
	return a.RegionCode, holder, nil
}

// checkAttachments accepts only files the asker's institution uploaded.
func checkAttachments(ctx context.Context, st questionStore, institutionID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	n, err := st.ownAttachments(ctx, institutionID, ids)
	if err != nil {
		return err
	}
	if n != len(ids) {
		return apperr.InvalidField("attachment_ids", "field.question_attachments")
	}
	return nil
}

// dueAt is when a desk must have answered: question.due_workdays working
// days (policy of the desk's province) after now.
func (s *Service) dueAt(ctx context.Context, q db.Queryer, holder string, now time.Time) (time.Time, error) {
	days, err := policy.Int(ctx, q, holder, "question.due_workdays", calendar.DateOf(now))
	if err != nil {
		return time.Time{}, err
	}
	return s.Cal.DueAt(now, days), nil
}

// tellDesk notifies the officials of region code about question id.
func (s *Service) tellDesk(ctx context.Context, tx *db.Tx, now time.Time, code, kind string, id int64) error {
	if s.Notify == nil {
		return nil
	}
	users, err := auth.OfficialsOf(ctx, tx, code, deskRoles...)
	if err != nil {
		return err
	}
	return s.Notify.ToUsers(ctx, tx, now, users, kind, questionLink(id), strconv.FormatInt(id, 10))
}

func questionLink(id int64) string { return "/questions/" + strconv.FormatInt(id, 10) }

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
