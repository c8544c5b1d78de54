package credit_test

import (
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/credit"
	"evalcred/internal/db"
)

func TestProposeAccessAndValidation(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, user := e.institution("湖南天平会计师事务所有限公司", "430102")
		valid := credit.ProposeInput{InstitutionID: inst, Kind: "bad", Severity: "general", Category: "poor_quality", Facts: "f", Basis: "b"}
		bad := valid
		bad.Severity, bad.Facts = "huge", " "
		bad.Sanction = &credit.SanctionSpec{Type: "ban", StartsOn: day("2026-04-01"), EndsOn: day("2026-03-01"), Scope: "province"}
		cases := []struct {
			name   string
			in     credit.ProposeInput
			code   apperr.Code
			fields []string
		}{
			{"county reviewer lacks the permission", valid, apperr.Forbidden, nil},
			{"institution user lacks the permission", valid, apperr.Forbidden, nil},
			{"other province does not see the institution", valid, apperr.NotFound, nil},
			{"invalid fields are named", bad, apperr.Invalid, []string{"severity", "facts", "sanction.ends_on"}},
			{"unknown person", func() credit.ProposeInput { v := valid; v.PersonIDNumber = "430102198005010011"; return v }(), apperr.Invalid, nil},
		}
		actors := []any{e.county, user, e.otherProvince, e.reviewer, e.reviewer}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := e.s.Propose(e.ctx, asActor(actors[i]), c.in)
				wantErr(t, err, c.code, "")
				for _, f := range c.fields {
					if _, ok := apperr.As(err).Fields[f]; !ok {
						t.Errorf("field %s not named in %v", f, apperr.As(err).Fields)
					}
				}
			})
		}
		// A record against a known practitioner.
		v := valid
		v.PersonIDNumber = e.person(inst, "lead_evaluator")
		res, err := e.s.Propose(e.ctx, e.reviewer, v)
		must(t, err)
		if res.State != credit.StateProposed || res.ObjectionDeadline != day("2026-03-16") {
			t.Errorf("result %+v, want proposed with deadline 2026-03-16 (10 working days)", res)
		}
		r, err := e.s.Get(e.ctx, e.reviewer, res.ID)
		must(t, err)
		if r.PersonIDNumber == v.PersonIDNumber || len(r.PersonIDNumber) != 18 {
			t.Errorf("person id number not masked: %q", r.PersonIDNumber)
		}
		var notices int
		must(t, e.d.QueryRow(e.ctx, "SELECT COUNT(*) FROM notifications WHERE institution_id = ? AND kind = 'notice.credit_proposed'", inst).Scan(&notices))
		if notices != 1 {
			t.Errorf("%d notices to the institution", notices)
		}
	})
}

// Institutions see all their own records, published or not, and none of
// another institution's; officials see their scope.
func TestRecordVisibility(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		a, userA := e.institution("甲会计师事务所", "430102")
		b, userB := e.institution("乙咨询有限公司", "430102")
		ra := e.propose(credit.ProposeInput{InstitutionID: a, Severity: credit.SeverityMinor})
		rb := e.propose(credit.ProposeInput{InstitutionID: b, Severity: credit.SeverityGeneral})
		if _, err := e.s.Get(e.ctx, userA, ra); err != nil {
			t.Errorf("own unpublished record: %v", err)
		}
		_, err := e.s.Get(e.ctx, userA, rb)
		wantErr(t, err, apperr.NotFound, "")
		_, err = e.s.Object(e.ctx, userA, rb, credit.ObjectInput{Reason: "x"})
		wantErr(t, err, apperr.NotFound, "")
		l, err := e.s.ListRecords(e.ctx, userA, credit.RecordFilter{InstitutionID: b}, credit.Page{})
		must(t, err)
		if l.Total != 0 {
			t.Errorf("institution A lists %d of B's records", l.Total)
		}
		l, err = e.s.ListRecords(e.ctx, userB, credit.RecordFilter{}, credit.Page{})
		must(t, err)
		if l.Total != 1 || l.Items[0].ID != rb {
			t.Errorf("B's own list = %+v", l)
		}
		for _, c := range []struct {
			name  string
			total int
			actor any
		}{{"province", 2, e.reviewer}, {"county", 2, e.county}, {"other province", 0, e.otherProvince}} {
			l, err := e.s.ListRecords(e.ctx, asActor(c.actor), credit.RecordFilter{}, credit.Page{})
			must(t, err)
			if l.Total != c.total {
				t.Errorf("%s lists %d, want %d", c.name, l.Total, c.total)
			}
		}
		_, err = e.s.Get(e.ctx, e.otherProvince, ra)
		wantErr(t, err, apperr.NotFound, "")
	})
}

// ImposeSanction is idempotent by source: running it twice leaves one sanction.
func TestImposeSanctionIdempotent(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, _ := e.institution("湖南合规评估有限公司", "430102")
		in := credit.SanctionInput{InstitutionID: inst, Type: credit.SanctionSuspension, StartsOn: e.today(), EndsOn: day("2027-03-01"),
			Scope: credit.ScopeProvince, SourceKind: credit.SourceAssessment, SourceID: 77, Reason: "two consecutive qualified"}
		var ids [2]int64
		for i := range ids {
			must(t, e.d.Tx(e.ctx, func(tx *db.Tx) error {
				var err error
				ids[i], err = e.s.ImposeSanction(e.ctx, tx, in)
				return err
			}))
		}
		var n int
		must(t, e.d.QueryRow(e.ctx, "SELECT COUNT(*) FROM sanctions WHERE institution_id = ?", inst).Scan(&n))
		if n != 1 || ids[0] != ids[1] {
			t.Errorf("%d sanctions, ids %v", n, ids)
		}
		st := e.standing(inst)
		if st.Eligible || st.Until != day("2027-03-01") || st.Reasons[0].Code != "suspension" {
			t.Errorf("standing %+v", st)
		}
		e.ledgerIntact()
	})
}

func TestForeignBanRecognition(t *testing.T) {
	forEach(t, func(t *testing.T, e *env) {
		inst, _ := e.institution("湖南远方咨询有限公司", "430102")
		for _, c := range []struct {
			name       string
			ends       string
			public     bool
			recognised bool
		}{
			{"one year is not longer than one year", "2027-03-01", true, false},
			{"longer than a year and public", "2028-03-01", true, true},
			{"not public", "2028-03-01", false, false},
		} {
			res, err := e.s.RecordForeignBan(e.ctx, e.reviewer, credit.ForeignBanInput{InstitutionID: inst, Province: "440000",
				StartsOn: e.today(), EndsOn: day(c.ends), Public: c.public, Reference: "粤财监〔2025〕1号"})
			must(t, err)
			if res.Recognised != c.recognised {
				t.Errorf("%s: recognised %v", c.name, res.Recognised)
			}
		}
		if bans := e.bans(); len(bans) != 1 || bans[0].SourceKind != credit.SourceForeignBan {
			t.Errorf("ban list %+v", bans)
		}
		_, err := e.s.RecordForeignBan(e.ctx, e.reviewer, credit.ForeignBanInput{InstitutionID: inst, Province: "430000",
			StartsOn: e.today(), EndsOn: day("2029-01-01"), Public: true})
		wantErr(t, err, apperr.Invalid, "")
	})
}

func asActor(v any) *auth.Actor { return v.(*auth.Actor) }
