package helpdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/privacy"
)

// faqStore holds every query of FAQ entries, with the counts of how often
// each was shown and found helpful.
type faqStore struct{ q db.Queryer }

const faqCols = "id, question, answer, category, policy_year, source_ids, shown_count, helpful_count, created_at"

func scanFAQ(s db.Scanner) (*FAQ, error) {
	var f FAQ
	var src string
	if err := s.Scan(&f.ID, &f.Question, &f.Answer, &f.Category, &f.PolicyYear, &src, &f.Shown, &f.Helpful, &f.CreatedAt); err != nil {
		return nil, err
	}
	_ = json.Unmarshal([]byte(src), &f.SourceIDs)
	// Entries are public; one written before privacy.Check may carry
	// personal data.
	f.Question, f.Answer = privacy.Mask(f.Question), privacy.Mask(f.Answer)
	f.CreatedAt = f.CreatedAt.UTC()
	return &f, nil
}

// insert publishes f, written by user by of region regionCode, and returns
// its id.
func (s faqStore) insert(ctx context.Context, f *FAQ, regionCode string, by int64, now time.Time) (int64, error) {
	src, _ := json.Marshal(f.SourceIDs)
	var id int64
	err := s.q.QueryRow(ctx, `INSERT INTO faq_entries (question, answer, category, policy_year, source_ids, region_code, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, f.Question, f.Answer, f.Category, f.PolicyYear, string(src), regionCode, by, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("helpdesk: insert faq: %w", err)
	}
	return id, nil
}

// list returns the entries among ids (all for nil) of category (all for
// ""), newest policy year first, then the most helpful.
func (s faqStore) list(ctx context.Context, ids []int64, category string) ([]*FAQ, error) {
	where, args := " WHERE 1=1", []any{}
	if ids != nil {
		where += " AND id IN (" + db.In(len(ids)) + ")"
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if category != "" {
		where += " AND category = ?"
		args = append(args, category)
	}
	return db.List(ctx, s.q, "helpdesk: faq", scanFAQ, "SELECT "+faqCols+" FROM faq_entries"+where+" ORDER BY policy_year DESC, helpful_count DESC, id DESC", args...)
}

// get returns entry id; NotFound when there is none.
func (s faqStore) get(ctx context.Context, id int64) (*FAQ, error) {
	f, err := scanFAQ(s.q.QueryRow(ctx, "SELECT "+faqCols+" FROM faq_entries WHERE id = ?", id))
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("faq")
	}
	return f, err
}

// shown adds one to the shown count of each entry of ids.
func (s faqStore) shown(ctx context.Context, ids []any) error {
	_, err := s.q.Exec(ctx, "UPDATE faq_entries SET shown_count = shown_count + 1 WHERE id IN ("+db.In(len(ids))+")", ids...)
	return err
}

// helpful adds one to entry id's helpful count; NotFound when there is no
// such entry.
func (s faqStore) helpful(ctx context.Context, id int64) error {
	res, err := s.q.Exec(ctx, "UPDATE faq_entries SET helpful_count = helpful_count + 1 WHERE id = ?", id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFoundf("faq")
	}
	return nil
}

// suggestion returns entry id as a suggestion; false when there is none.
func (s faqStore) suggestion(ctx context.Context, id int64) (Suggestion, bool, error) {
	sg := Suggestion{Kind: "faq", ID: id}
	err := s.q.QueryRow(ctx, "SELECT question, answer, category FROM faq_entries WHERE id = ?", id).Scan(&sg.Question, &sg.Answer, &sg.Category)
	if db.IsNoRows(err) {
		return sg, false, nil
	}
	sg.Question, sg.Answer = privacy.Mask(sg.Question), privacy.Mask(sg.Answer)
	return sg, err == nil, err
}
