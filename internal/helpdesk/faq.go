package helpdesk

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/privacy"
)

// FAQ is a published question and answer.
type FAQ struct {
	ID         int64     `json:"id"`
	Question   string    `json:"question"`
	Answer     string    `json:"answer"`
	Category   string    `json:"category"`
	PolicyYear int       `json:"policy_year"`
	SourceIDs  []int64   `json:"source_ids"`
	Shown      int64     `json:"shown"`
	Helpful    int64     `json:"helpful"`
	CreatedAt  time.Time `json:"created_at"`
}

// FAQInput turns one answered question, or several alike, into an entry.
// Question, Answer and Category default to those of the first question.
type FAQInput struct {
	QuestionIDs []int64 `json:"question_ids"`
	Question    string  `json:"question"`
	Answer      string  `json:"answer"`
	Category    string  `json:"category"`
	PolicyYear  int     `json:"policy_year"`
}

// CreateFAQ publishes an FAQ entry drawn from answered questions the actor
// can see (permission faq.manage).
func (s *Service) CreateFAQ(ctx context.Context, a *auth.Actor, in FAQInput) (*FAQ, error) {
	if err := a.Require("faq.manage"); err != nil {
		return nil, err
	}
	if len(in.QuestionIDs) == 0 || len(in.QuestionIDs) > 50 {
		return nil, apperr.InvalidField("question_ids", "field.faq_questions")
	}
	now := clock.Stamp(s.Clock)
	var f FAQ
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		for i, id := range in.QuestionIDs {
			q, err := questionStore{tx}.get(ctx, a, id)
			if err != nil {
				return err
			}
			if q.State != StateAnswered {
				return apperr.InvalidField("question_ids", "field.faq_unanswered")
			}
			if i == 0 {
				in.Question = or(in.Question, q.Text)
				in.Answer = or(in.Answer, q.Answer)
				in.Category = or(in.Category, q.Category)
			}
		}
		if in.PolicyYear == 0 {
			in.PolicyYear = calendar.DateOf(now).Y
		}
		if err := in.check(); err != nil {
			return err
		}
		f = FAQ{Question: in.Question, Answer: in.Answer, Category: in.Category, PolicyYear: in.PolicyYear, SourceIDs: in.QuestionIDs, CreatedAt: now}
		var err error
		if f.ID, err = (faqStore{tx}).insert(ctx, &f, a.RegionCode, a.UserID, now); err != nil {
			return err
		}
		if err := indexText(ctx, tx, "faq", f.ID, in.Question+" "+in.Answer); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "faq.created", "faq", f.ID, a.RegionCode, nil, map[string]any{"question_ids": in.QuestionIDs, "category": in.Category})
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// check validates an entry about to be published.
func (in FAQInput) check() error {
	var fe apperr.Fields
	if !ValidCategory(in.Category) {
		fe.Add("category", "field.question_category")
	}
	if n := utf8.RuneCountInString(in.Question); n < minText || n > maxText {
		fe.Add("question", "field.question_text")
	}
	if n := utf8.RuneCountInString(in.Answer); n < 2 || n > maxText {
		fe.Add("answer", "field.answer_text")
	}
	// An entry is public: a question copied from an institution may
	// carry its phone number, and must be rewritten first.
	privacy.Check(&fe, "question", in.Question)
	privacy.Check(&fe, "answer", in.Answer)
	if in.PolicyYear < 2000 || in.PolicyYear > 2100 {
		fe.Add("policy_year", "field.policy_year")
	}
	return fe.Err()
}

func or(s, def string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return def
}

// SearchFAQ is the public FAQ (no login): entries matching query on
// bigrams (all entries, newest first, when query is empty), optionally of
// one category. Each entry returned counts as shown once.
func (s *Service) SearchFAQ(ctx context.Context, query, category string, limit int) ([]*FAQ, error) {
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	var ids []int64
	if strings.TrimSpace(query) != "" {
		hits, err := match(ctx, s.DB, query, nil, 50, 500) // the FAQ only
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			ids = append(ids, h.id)
		}
		if len(ids) == 0 {
			return []*FAQ{}, nil
		}
	}
	list, err := faqStore{s.DB}.list(ctx, ids, category)
	if err != nil {
		return nil, err
	}
	out := list
	if ids != nil { // best match first
		byID := map[int64]*FAQ{}
		for _, f := range list {
			byID[f.ID] = f
		}
		out = []*FAQ{}
		for _, id := range ids {
			if f := byID[id]; f != nil {
				out = append(out, f)
			}
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, s.countShown(ctx, out)
}

// countShown adds one to the shown counter of each entry; the counts only
// rank entries, so this is a plain increment outside any transaction.
func (s *Service) countShown(ctx context.Context, list []*FAQ) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]any, len(list))
	for i, f := range list {
		ids[i] = f.ID
		f.Shown++
	}
	return faqStore{s.DB}.shown(ctx, ids)
}

// MarkHelpful counts one reader finding entry id helpful (public; the web
// layer rate-limits it per address).
func (s *Service) MarkHelpful(ctx context.Context, id int64) (*FAQ, error) {
	st := faqStore{s.DB}
	if err := st.helpful(ctx, id); err != nil {
		return nil, err
	}
	return st.get(ctx, id)
}
