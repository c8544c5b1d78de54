package credit_test

import (
	"fmt"
	"slices"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/credit"
)

func TestListForeignBansIsScoped(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, instUser := e.institution("湖南远方咨询有限公司", "430102")
		res, err := e.s.RecordForeignBan(e.ctx, e.reviewer, credit.ForeignBanInput{InstitutionID: inst, Province: "440000",
			StartsOn: e.today(), EndsOn: day("2028-03-01"), Public: true, Reference: "粤财监〔2025〕1号"})
		must(t, err)
		page, err := e.s.ListForeignBans(e.ctx, e.reviewer, credit.Page{})
		must(t, err)
		list := page.Items
		if page.Total != 1 || len(list) != 1 || list[0].ID != res.ID || !list[0].Recognised || list[0].Province != "440000" ||
			list[0].InstitutionName != "湖南远方咨询有限公司" || list[0].SanctionID != res.SanctionID || list[0].Reference != "粤财监〔2025〕1号" {
			t.Fatalf("list %+v", page)
		}
		other, err := e.s.ListForeignBans(e.ctx, e.otherProvince, credit.Page{})
		must(t, err)
		if other.Total != 0 || len(other.Items) != 0 {
			t.Errorf("another province sees %+v", other)
		}
		_, err = e.s.ListForeignBans(e.ctx, instUser, credit.Page{})
		wantErr(t, err, apperr.Forbidden, "")
	})
}

// The list comes a page at a time, the latest first, with the total: a
// province with years of other provinces' bans gets all of them, not the
// latest 500 (the cap before the list was paged).
func TestListForeignBansPages(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		var ids []int64
		for i, name := range []string{"湖南甲咨询有限公司", "湖南乙咨询有限公司", "湖南丙咨询有限公司"} {
			inst, _ := e.institution(name, "430102")
			res, err := e.s.RecordForeignBan(e.ctx, e.reviewer, credit.ForeignBanInput{InstitutionID: inst, Province: "440000",
				StartsOn: e.today(), EndsOn: day("2028-03-01"), Public: true, Reference: fmt.Sprintf("粤财监〔2025〕%d号", i+1)})
			must(t, err)
			ids = append(ids, res.ID)
		}
		var got []int64
		for off := 0; off < 4; off += 2 {
			page, err := e.s.ListForeignBans(e.ctx, e.reviewer, credit.Page{Limit: 2, Offset: off})
			must(t, err)
			if page.Total != 3 {
				t.Fatalf("offset %d: total %d, want 3", off, page.Total)
			}
			for _, b := range page.Items {
				got = append(got, b.ID)
			}
		}
		if want := []int64{ids[2], ids[1], ids[0]}; !slices.Equal(got, want) {
			t.Fatalf("pages gave %v, want %v (latest first, each once)", got, want)
		}
	})
}
