package helpdesk

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/privacy"
)

// Suggestion is an earlier answer shown while a question is typed. Answered
// questions are shown without who asked them.
type Suggestion struct {
	Kind     string `json:"kind"` // faq or question
	ID       int64  `json:"id"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
	Category string `json:"category"`
	Score    int    `json:"score"`
}

// Suggest returns FAQ entries and answered questions resembling text, best
// first: those sharing at least a third of its character bigrams. The
// questions are only those a may read (see visible): an institution's own,
// an official's region's; the FAQ is public.
func (s *Service) Suggest(ctx context.Context, a *auth.Actor, text string) ([]Suggestion, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	hits, err := match(ctx, s.DB, text, a, 34, 8)
	if err != nil {
		return nil, err
	}
	out := []Suggestion{}
	for _, h := range hits {
		sg := Suggestion{Kind: h.kind, ID: h.id, Score: h.score}
		var err error
		if h.kind == "faq" {
			err = s.DB.QueryRow(ctx, "SELECT question, answer, category FROM faq_entries WHERE id = ?", h.id).Scan(&sg.Question, &sg.Answer, &sg.Category)
			sg.Question, sg.Answer = privacy.Mask(sg.Question), privacy.Mask(sg.Answer)
		} else {
			err = s.DB.QueryRow(ctx, "SELECT text, answer, category FROM questions WHERE id = ? AND state = ?", h.id, StateAnswered).Scan(&sg.Question, &sg.Answer, &sg.Category)
		}
		if db.IsNoRows(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("helpdesk: suggest: %w", err)
		}
		out = append(out, sg)
	}
	return out, nil
}

// RemindOverdue tells the desk of every open question past its deadline,
// at most once per China day per question (reminded_on), and returns how
// many questions it reminded of. It runs as a daily job.
func (s *Service) RemindOverdue(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	today := calendar.DateOf(now)
	rows, err := s.DB.Query(ctx, `SELECT id, holder_region FROM questions WHERE state = ? AND due_at < ? AND (reminded_on IS NULL OR reminded_on < ?) ORDER BY id`,
		StateOpen, now, today)
	if err != nil {
		return 0, fmt.Errorf("helpdesk: overdue: %w", err)
	}
	type due struct {
		id     int64
		holder string
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.holder); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, d := range list {
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			// The guard makes a second run on the same day (another server,
			// a retry) a no-op for this question.
			res, err := tx.Exec(ctx, `UPDATE questions SET reminded_on = ? WHERE id = ? AND state = ? AND holder_region = ? AND (reminded_on IS NULL OR reminded_on < ?)`,
				today, d.id, StateOpen, d.holder, today)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return nil
			}
			n++
			return s.tellDesk(ctx, tx, now, d.holder, "notice.question_overdue", d.id)
		})
		if err != nil {
			return n, fmt.Errorf("helpdesk: remind %d: %w", d.id, err)
		}
	}
	return n, nil
}

// RemindJob is RemindOverdue in the shape of a jobs.Job's Run.
func (s *Service) RemindJob(ctx context.Context) error {
	_, err := s.RemindOverdue(ctx)
	return err
}
