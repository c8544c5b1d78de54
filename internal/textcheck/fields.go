package textcheck

import "strings"

// byName gives the rule of a field by its name, the same in a JSON body, a
// form and a spreadsheet column. A field not named here is one line of at
// most Line.Max characters.
var byName = map[string]Rule{
	// What people search by.
	"q": Search, "query": Search, "term": Search, "keyword": Search,
	// Names and the short words beside them.
	"name": Name, "username": Name, "title": Name, "organisation": Name, "client": Name,
	"evaluated_unit": Name, "institution_name": Name, "legal_rep_name": Name, "contact_name": Name,
	"holder_name": Name, "project_name": Name, "asker_name": Name, "filename": Name,
	// Secrets.
	"password": Secret, "old_password": Secret, "new_password": Secret,
	// Text written in paragraphs.
	"facts": Text, "basis": Text, "answer": Text, "text": Text, "question": Text, "comment": Text,
	"comments": Text, "note": Text, "notes": Text, "explanation": Text, "reason": Text, "relation": Text,
	"summary": Text, "findings": Text, "justifications": Text, "dispute": Text, "notice": Text,
	"body": Text, "content": Text, "description": Text, "message": Text, "detail": Text,
	"repair_explanation": Text, "repair_comment": Text, "objection_reason": Text,
	"objection_decision": Text, "settlement_note": Text,
	// A policy's value and an indicator system are typed (or pasted) as JSON.
	"value": Text, "indicators": Long,
}

// For returns the rule of a field named by its path in a body
// ("legal_representative.name", "experts[2].name") or a form
// ("comments.cpa", "justifications.3"): the nearest part of the path, from
// the end, that has a rule of its own.
func For(field string) Rule {
	parts := strings.FieldsFunc(field, func(c rune) bool { return c == '.' || c == '[' || c == ']' })
	for i := len(parts) - 1; i >= 0; i-- {
		if r, ok := byName[parts[i]]; ok {
			return r
		}
	}
	return Line
}

// Label is the message key of a field's name as people read it, for the
// messages that name it (input.label.<name>, or a general word).
func Label(field string) string {
	parts := strings.FieldsFunc(field, func(c rune) bool { return c == '.' || c == '[' || c == ']' })
	for i := len(parts) - 1; i >= 0; i-- {
		if labels[parts[i]] {
			return "input.label." + parts[i]
		}
	}
	return "input.label.other"
}

// labels are the field names with a label of their own.
var labels = map[string]bool{}

func init() {
	for _, n := range []string{"q", "name", "username", "password", "old_password", "new_password", "title",
		"organisation", "client", "evaluated_unit", "institution_name", "legal_rep_name", "contact_name",
		"contact_phone", "contact_email", "phone", "email", "address", "uscc", "id_number", "filename", "file",
		"facts", "basis", "answer", "text", "question", "comment", "comments", "note", "explanation", "reason",
		"relation", "summary", "findings", "justifications", "dispute", "value", "indicators", "seed", "topic",
		"reference", "revision", "body"} {
		labels[n] = true
	}
}
