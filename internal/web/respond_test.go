package web

import "testing"

func TestJSONPathDropsEmbeddedGoNames(t *testing.T) {
	for in, want := range map[string]string{
		"Document.business_records.year":  "business_records.year",
		"uscc":                            "uscc",
		"Draft.Document.institution.name": "institution.name",
		"":                                "",
	} {
		if got := jsonPath(in); got != want {
			t.Errorf("jsonPath(%q) = %q, want %q", in, got, want)
		}
	}
}
