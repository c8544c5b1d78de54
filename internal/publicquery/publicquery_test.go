package publicquery_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/ident"
	"evalcred/internal/ledger"
	"evalcred/internal/publicquery"
)

type world struct {
	ctx context.Context
	d   *db.DB
	clk *clock.Fake
	pub *publicquery.Service
	cr  *credit.Service
	rnd *rand.Rand
}

func newWorld(t testing.TB, d *db.DB) *world {
	clk := clock.NewFake(calendar.MustParseDate("2026-03-02").Time().Add(10 * time.Hour))
	return &world{ctx: context.Background(), d: d, clk: clk, rnd: rand.New(rand.NewPCG(3, 4)),
		pub: &publicquery.Service{DB: d, Clock: clk, Cache: publicquery.NewPageCache(d, clk, 1<<20)},
		cr:  &credit.Service{DB: d, Clock: clk, Ledger: ledger.New(ed25519.NewKeyFromSeed(make([]byte, 32)))}}
}

// institution inserts an institution as the registry would (name indexed).
func (w *world) institution(t testing.TB, name, status string) (int64, string) {
	uscc := ident.GenerateUSCC(w.rnd, "430102")
	var id int64
	err := w.d.Tx(w.ctx, func(tx *db.Tx) error {
		var err error
		id, err = tx.Insert(w.ctx, `INSERT INTO institutions (uscc, name, name_norm, type, region_code, legal_rep_name, contact_name, contact_phone,
			contact_email, status, approved_version, created_at, updated_at) VALUES (?, ?, '', 'accounting_firm', '430102', '李四', '王五',
			'13907310000', 'boss@tianping.example.cn', ?, 1, ?, ?)`, uscc, name, status, w.clk.Now(), w.clk.Now())
		if err != nil {
			return err
		}
		return publicquery.IndexName(w.ctx, tx, id, name)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id, uscc
}

func names(r publicquery.SearchResult) []string {
	var out []string
	for _, h := range r.Items {
		out = append(out, h.Name+"/"+h.Match)
	}
	return out
}

func TestSearch(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		_, uscc := w.institution(t, "湖南天平会计师事务所有限公司", "active")
		w.institution(t, "天平会计", "active")
		w.institution(t, "长沙天平会计师事务所", "active")
		w.institution(t, "湖南天平会汁咨询有限公司", "active") // a near miss
		w.institution(t, "天平会计师事务所（待审）", "pending")
		w.institution(t, "湖南明镜资产评估有限公司", "active")
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"天平会计", []string{"天平会计/exact", "长沙天平会计师事务所/contains", "湖南天平会计师事务所有限公司/contains", "湖南天平会汁咨询有限公司/near"}},
			{"湖南天平", []string{"湖南天平会汁咨询有限公司/prefix", "湖南天平会计师事务所有限公司/prefix"}},
			{"  天平 会计师 事务所 ", []string{"长沙天平会计师事务所/contains", "湖南天平会计师事务所有限公司/contains"}},
			{"湖南天平会计师事务所有限公司", []string{"湖南天平会计师事务所有限公司/exact", "长沙天平会计师事务所/near", "湖南天平会汁咨询有限公司/near"}},
			{strings.ToLower(uscc), []string{"湖南天平会计师事务所有限公司/uscc"}},
			{toFullWidth(uscc), []string{"湖南天平会计师事务所有限公司/uscc"}},
			{"明", []string{"湖南明镜资产评估有限公司/contains"}},
			{"不存在的机构", nil},
			{"", nil},
		} {
			r, err := w.pub.Search(w.ctx, c.q, publicquery.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if got := names(r); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("Search(%q) = %v, want %v", c.q, got, c.want)
			}
		}
		// Full-width letters in a name: the index folds them.
		w.institution(t, "ＡＢＣ评估有限公司", "active")
		if r, _ := w.pub.Search(w.ctx, "abc评估", publicquery.Page{}); len(r.Items) != 1 {
			t.Errorf("full-width name not found: %v", names(r))
		}
		// Paging.
		r, err := w.pub.Search(w.ctx, "天平", publicquery.Page{Limit: 2})
		if err != nil || len(r.Items) != 2 || !r.More {
			t.Errorf("page 1: %v more=%v %v", names(r), r.More, err)
		}
	})
}

func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7F {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// The public page shows status, restrictions and published records, and no
// ID number, phone or e-mail ends up in any public answer.
func TestPublicPagesDisclosure(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		id, uscc := w.institution(t, "湖南天平会计师事务所有限公司", "active")
		idNumber := ident.GenerateResidentID(w.rnd, "430102", time.Date(1975, 1, 2, 0, 0, 0, 0, time.UTC))
		if _, err := d.Exec(w.ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, '赵六', ?)", idNumber, w.clk.Now()); err != nil {
			t.Fatal(err)
		}
		reviewer := &auth.Actor{UserID: 9, Username: "hunan", Role: auth.RoleProvincialReviewer, RegionCode: "430000"}
		today := calendar.DateOf(w.clk.Now())
		res, err := w.cr.Propose(w.ctx, reviewer, credit.ProposeInput{InstitutionID: id, PersonIDNumber: idNumber, Kind: "bad", Severity: "serious",
			Category: "fraud", Facts: "出具虚假报告", Basis: "财监〔2021〕4号",
			Sanction: &credit.SanctionSpec{Type: "ban", StartsOn: today, EndsOn: calendar.MustParseDate("2029-03-01"), Scope: "province"}})
		if err != nil {
			t.Fatal(err)
		}
		inst := &auth.Actor{UserID: 10, Username: "agency", Role: auth.RoleInstitution, RegionCode: "430102", InstitutionID: id}
		if _, err := w.cr.Accept(w.ctx, inst, res.ID); err != nil {
			t.Fatal(err)
		}
		page, err := w.pub.Institution(w.ctx, " "+strings.ToLower(uscc))
		if err != nil {
			t.Fatal(err)
		}
		if page.Status != publicquery.StatusBanned || page.StatusUntil.String() != "2029-03-01" || len(page.Restrictions) != 1 || len(page.Records) != 1 || !page.FilingApproved {
			t.Errorf("page = %+v", page)
		}
		if page.RegionName == "" {
			t.Error("no region name")
		}
		search, _ := w.pub.Search(w.ctx, "天平", publicquery.Page{})
		bans, _ := w.pub.Bans(w.ctx, today)
		if len(bans) != 1 || len(search.Items) != 1 || search.Items[0].Status != publicquery.StatusBanned {
			t.Errorf("bans %v search %v", bans, search)
		}
		b, _ := json.Marshal([]any{page, search, bans})
		for _, secret := range []string{idNumber, idNumber[:6] + "********", "13907310000", "boss@", "@", "李四", "王五"} {
			if strings.Contains(string(b), secret) {
				t.Errorf("public JSON contains %q: %s", secret, b)
			}
		}
		_, err = w.pub.Institution(w.ctx, "91430102MA4L000000")
		if !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown USCC: %v", err)
		}
		// An approved repair would end it; here the ban simply ends by date.
		w.clk.Set(calendar.MustParseDate("2029-03-02").Time().Add(time.Hour))
		page, _ = w.pub.Institution(w.ctx, uscc)
		if page.Status != publicquery.StatusActive || len(page.Restrictions) != 0 || len(page.Records) != 0 {
			t.Errorf("after the ban and window: %+v", page)
		}
		h, err := w.pub.Head(w.ctx)
		if err != nil || h.Seq == 0 || h.Signature == "" {
			t.Errorf("head %+v %v", h, err)
		}
	})
}
