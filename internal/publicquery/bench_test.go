package publicquery_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/ident"
	"evalcred/internal/publicquery"
)

const benchInstitutions = 50000

var (
	benchPlaces   = []string{"湖南", "长沙", "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德", "张家界", "益阳", "郴州", "永州", "怀化", "娄底", "湘西"}
	benchSuffixes = []string{"会计师事务所有限公司", "会计师事务所（特殊普通合伙）", "资产评估有限公司", "管理咨询有限公司", "律师事务所", "绩效评价研究院", "工程咨询有限公司"}
	benchChars    = []rune("天平信诚德正明鉴公允中审华普瑞恒立达远航金石开元永安新世纪同心求实广和致远博宏嘉华汇通启航方圆正和长青")
)

// buildInstitutions inserts n active institutions with realistic names in one
// transaction (multi-row INSERTs), indexes their names with publicquery.Reindex,
// and returns the USCCs. Institution 0 is 湖南天平会计师事务所有限公司.
func buildInstitutions(tb testing.TB, w *world, n int) []string {
	tb.Helper()
	r := rand.New(rand.NewPCG(5, 6))
	usccs := make([]string, 0, n)
	seen := map[string]bool{}
	now := w.clk.Now()
	err := w.d.Tx(w.ctx, func(tx *db.Tx) error {
		const batch = 500
		for start := 0; start < n; start += batch {
			var sb strings.Builder
			sb.WriteString("INSERT INTO institutions (uscc, name, name_norm, type, region_code, status, approved_version, created_at, updated_at) VALUES ")
			var args []any
			for i := start; i < min(n, start+batch); i++ {
				uscc := ident.GenerateUSCC(r, "430102")
				for seen[uscc] {
					uscc = ident.GenerateUSCC(r, "430102")
				}
				seen[uscc] = true
				usccs = append(usccs, uscc)
				name := "湖南天平会计师事务所有限公司"
				if i > 0 {
					name = fmt.Sprintf("%s%c%c%s", benchPlaces[r.IntN(len(benchPlaces))], benchChars[r.IntN(len(benchChars))],
						benchChars[r.IntN(len(benchChars))], benchSuffixes[r.IntN(len(benchSuffixes))])
					if r.IntN(3) == 0 {
						name = fmt.Sprintf("%s%d", name, i) // keep names mostly distinct, as in life
					}
				}
				if i > start {
					sb.WriteString(", ")
				}
				sb.WriteString("(?, ?, '', 'consulting', '430102', 'active', 1, ?, ?)")
				args = append(args, uscc, name, now, now)
			}
			if _, err := tx.Exec(w.ctx, sb.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := publicquery.Reindex(w.ctx, w.d); err != nil {
		tb.Fatal(err)
	}
	return usccs
}

func benchEngines(b *testing.B, fn func(b *testing.B, w *world, usccs []string)) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			d := dbtest.Open(b, e)
			w := newWorld(b, d)
			start := time.Now()
			usccs := buildInstitutions(b, w, benchInstitutions)
			b.Logf("%s: built %d institutions in %v", e, len(usccs), time.Since(start))
			b.ResetTimer()
			fn(b, w, usccs)
		})
	}
}

func BenchmarkPublicLookupByUSCC(b *testing.B) {
	benchEngines(b, func(b *testing.B, w *world, usccs []string) {
		i := 0
		for b.Loop() {
			if _, err := w.pub.Institution(w.ctx, usccs[i%len(usccs)]); err != nil {
				b.Fatal(err)
			}
			i += 7919
		}
	})
}

func BenchmarkPublicSearchByPartOfName(b *testing.B) {
	benchEngines(b, func(b *testing.B, w *world, _ []string) {
		for b.Loop() {
			r, err := w.pub.Search(w.ctx, "天平会计", publicquery.Page{})
			if err != nil || len(r.Items) == 0 {
				b.Fatalf("%v %v", r, err)
			}
		}
	})
}

// TestBuilderAndSearchAtScale runs the search on a tenth of the benchmark's
// data in the ordinary test run, so that the builder and the ranking at
// volume stay correct between benchmark runs.
func TestBuilderAndSearchAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 5,000 institutions")
	}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		buildInstitutions(t, w, 5000)
		r, err := w.pub.Search(w.ctx, "天平会计", publicquery.Page{})
		if err != nil || len(r.Items) == 0 {
			t.Fatalf("%v %v", r, err)
		}
		found := false
		for _, h := range r.Items {
			found = found || h.Name == "湖南天平会计师事务所有限公司"
		}
		if !found {
			t.Errorf("target not in first page: %v", names(r))
		}
	})
}
