package credit_test

import (
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
)

func TestListForeignBansIsScoped(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		inst, instUser := e.institution("湖南远方咨询有限公司", "430102")
		res, err := e.s.RecordForeignBan(e.ctx, e.reviewer, credit.ForeignBanInput{InstitutionID: inst, Province: "440000",
			StartsOn: e.today(), EndsOn: day("2028-03-01"), Public: true, Reference: "粤财监〔2025〕1号"})
		must(t, err)
		list, err := e.s.ListForeignBans(e.ctx, e.reviewer)
		must(t, err)
		if len(list) != 1 || list[0].ID != res.ID || !list[0].Recognised || list[0].Province != "440000" ||
			list[0].InstitutionName != "湖南远方咨询有限公司" || list[0].SanctionID != res.SanctionID || list[0].Reference != "粤财监〔2025〕1号" {
			t.Fatalf("list %+v", list)
		}
		other, err := e.s.ListForeignBans(e.ctx, e.otherProvince)
		must(t, err)
		if len(other) != 0 {
			t.Errorf("another province sees %+v", other)
		}
		_, err = e.s.ListForeignBans(e.ctx, instUser)
		wantErr(t, err, apperr.Forbidden, "")
	})
}
