package words

import (
	"slices"
	"strings"

	"evalcred/internal/locale"
)

// Sets are the lists of codes a person may meet, each with the key prefix
// its words are translated under. Most areas already translate their own
// codes; this is the one place that knows where.
var Sets = map[string]string{
	"institution_type": "institution.type.",
	"qualification":    "filing.qualification.",
	"role":             "role.",
	"filing_state":     "filing.state.",
	"review_state":     "review.state.",
	"section":          "filing.section.",
	"attachment_kind":  "filing.attachment.",
	"change":           "filing.change.",
	"grade":            "grade.",
	"project_role":     "words.project_role.",
	"audit_action":     "words.audit.",
	"audit_object":     "words.object.",
	"severity":         "creditweb.severity.",
	"credit_state":     "credit.state.",
}

// Code returns the word for code in set. An empty code is "". A code with
// no word comes back as it is, so that a test reading the page finds it.
func Code(lang, set, code string) string {
	if code == "" {
		return ""
	}
	if HasCode(lang, set, code) {
		return locale.T(lang, Sets[set]+code)
	}
	return code
}

// HasCode reports whether code of set has a word, for the tests that every
// code of a domain's list is translated.
func HasCode(lang, set, code string) bool {
	return Sets[set] != "" && locale.Has(lang, Sets[set]+code)
}

// CodeOf returns the code of set whose word, in either language, is text
// (or text itself when it is already a code of set), for forms where people
// type the word they read.
func CodeOf(set, text string) (string, bool) {
	prefix := Sets[set]
	if prefix == "" || text == "" {
		return "", false
	}
	for _, k := range locale.Keys() {
		code, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		if code == text {
			return code, true
		}
		for _, lang := range locale.Languages {
			if strings.EqualFold(locale.T(lang, k), text) {
				return code, true
			}
		}
	}
	return "", false
}

// AuditAction names an action of the audit log ("review.returned" is
// 审核退回). A project's steps are named as its timeline names them.
func AuditAction(lang, action string) string {
	if HasCode(lang, "audit_action", action) {
		return Code(lang, "audit_action", action)
	}
	if step, ok := strings.CutPrefix(action, "project."); ok && locale.Has(lang, "project.event."+step) {
		return locale.T(lang, "words.audit.project", locale.T(lang, "project.event."+step))
	}
	return locale.T(lang, "words.audit.unknown")
}

// Codes lists the codes of set that have words, sorted, for the selects
// that filter by them.
func Codes(set string) []string {
	prefix := Sets[set]
	var out []string
	for _, k := range locale.Keys() {
		if code, ok := strings.CutPrefix(k, prefix); ok && prefix != "" {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

// Actor names who acted: a person's name as recorded, or the words for
// the work that no person did (the system's jobs, the command line, the
// demo loader).
func Actor(lang, name string) string {
	if locale.Has(lang, "words.actor."+name) {
		return locale.T(lang, "words.actor."+name)
	}
	return name
}
