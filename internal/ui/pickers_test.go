package ui_test

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/db"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/ident"
	"evalcred/internal/project/projecttest"
)

// namedInstitution adds an active institution called name in region code.
func namedInstitution(t *testing.T, e *apptest.Env, name, code string) {
	t.Helper()
	err := e.DB.Tx(context.Background(), func(tx *db.Tx) error {
		_, err := projecttest.InsertInstitution(context.Background(), tx, e.Clock.Now(), ident.GenerateUSCC(filingtest.Rand(), code), name, code)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

var pickedName = regexp.MustCompile(`<li>([^<（]+)（`)

// picked lists the names the institution search page offers for q.
func picked(b *apptest.Browser, q string) (int, []string) {
	p := b.Get("/pick/institutions?q=" + url.QueryEscape(q))
	var names []string
	for _, m := range pickedName.FindAllStringSubmatch(p.HTML, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return p.Status, names
}

// The institution picker offers only what its user may see: a county
// reviewer the county's, a city the city's, the province all, an
// institution itself; and without a login nothing.
func TestInstitutionPickerStaysInScope(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		namedInstitution(t, e, "芙蓉明镜评价事务所", "430102")
		namedInstitution(t, e, "株洲明镜评价事务所", "430202")
		for who, want := range map[string][]string{
			"furong": {"芙蓉明镜评价事务所"}, "zhuzhou": {"株洲明镜评价事务所"}, "hunan": {"株洲明镜评价事务所", "芙蓉明镜评价事务所"},
		} {
			if st, got := picked(e.Browser(who), "明镜"); st != 200 || !slices.Equal(got, want) {
				t.Errorf("%s is offered %v (%d), want %v", who, got, st, want)
			}
		}
		_, _, own, inst := approvedInstitution(t, e)
		if st, got := picked(inst, ""); st != 200 || !slices.Equal(got, []string{own}) {
			t.Errorf("an institution is offered %v (%d), want only itself", got, st)
		}
		if p := e.Browser("").Get("/pick/institutions?q=明镜"); p.Status != 303 || !strings.HasPrefix(p.Location, "/login") {
			t.Errorf("without a login: %d %q", p.Status, p.Location)
		}

		// Without JavaScript the proposal form's find button lists the
		// matches in the select and keeps what was typed.
		p := e.Browser("hunan").Post("/credit-records", url.Values{"find": {"institution"}, "institution_q": {"株洲明镜"}, "kind": {"bad"},
			"facts": {"现场核查记录不全"}})
		opts := selectOptions(p.HTML, "institution")
		if p.Status != 200 || len(opts) != 1 || !strings.HasPrefix(opts[0].Label, "株洲明镜评价事务所") || !strings.Contains(p.HTML, "现场核查记录不全") {
			t.Errorf("find without JavaScript: %d %v", p.Status, opts)
		}
	})
}
