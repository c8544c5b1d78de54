package helpdesk

import "evalcred/internal/locale"

// QuestionHeaders are the columns of a question export (message keys).
var QuestionHeaders = []string{"question.col.id", "question.col.category", "question.col.text", "question.col.state",
	"question.col.asker", "question.col.asker_region", "question.col.holder", "question.col.due_at", "question.col.answer",
	"question.col.answered_at", "question.col.created_at"}

// QuestionRow is one question as a spreadsheet row in lang, in
// QuestionHeaders' order.
func QuestionRow(lang string, q *Question) []any {
	return []any{q.ID, locale.T(lang, "question.category."+q.Category), q.Text, locale.T(lang, "question.state."+q.State),
		q.AskerName, q.AskerRegion, q.HolderName, q.DueAt, q.Answer, q.AnsweredAt, q.CreatedAt}
}
