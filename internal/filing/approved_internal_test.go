package filing

import (
	"encoding/json"
	"testing"
)

func approvedDoc() Document {
	d := Document{
		Institution:         InstitutionInfo{Name: "湖南衡信绩效评价咨询有限公司", Type: "consultancy", Address: "长沙市芙蓉区五一大道1号", ContactName: "钱联系", ContactPhone: "0731-88886666"},
		LegalRepresentative: LegalRepresentative{Name: "赵法人", IDNumber: "430102198001010011", Phone: "0731-88886666"},
	}
	for i := range 12 {
		p := Person{Name: "从业" + string(rune('甲'+i)), IDNumber: "43010219800101001X", Education: "本科", Title: "注册会计师"}
		d.Practitioners = append(d.Practitioners, p)
	}
	d.LeadEvaluators = d.Practitioners[:2]
	return d
}

// Approval reads the institution and legal representative sections of the
// stored document, whatever the order of its keys.
func TestDecodeApproved(t *testing.T) {
	d := approvedDoc()
	stored, _ := json.Marshal(d)
	reordered := `{"practitioners":[{"name":"甲"}],"legal_representative":` + mustJSON(d.LegalRepresentative) +
		`,"attachments":[],"institution":` + mustJSON(d.Institution) + `}`
	for name, raw := range map[string]string{"stored": string(stored), "reordered": reordered} {
		got, err := decodeApproved(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Institution != d.Institution || got.LegalRepresentative != d.LegalRepresentative {
			t.Errorf("%s: got %+v", name, got)
		}
	}
	for _, bad := range []string{"", "[]", `{"institution":`, `{"institution":{"name":1}}`} {
		if _, err := decodeApproved(bad); err == nil {
			t.Errorf("%q decoded without an error", bad)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// BenchmarkDecodeApproved compares reading the two sections with decoding
// them from the whole document (the people are skipped, not decoded).
func BenchmarkDecodeApproved(b *testing.B) {
	raw, _ := json.Marshal(approvedDoc())
	b.Run("unmarshal", func(b *testing.B) {
		for b.Loop() {
			var s approvedSections
			if err := json.Unmarshal(raw, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stream", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeApproved(string(raw)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
