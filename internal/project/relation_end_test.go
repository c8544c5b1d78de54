package project_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
	"evalcred/internal/relation"
)

// An ended relation stays on record, shown as ended with who and when, but
// no longer keeps the institution out of selections and teams; the same
// organisation may then be declared again. Ending follows the access rule of
// declaring and listing (404 for anyone who may not declare, even an
// official who sees the institution); ending twice is a conflict, and of two people ending
// at once one wins.
func TestEndRelation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 4)
		tied := f.firms[1].ID
		rel, err := f.rel.DeclareRelation(f.ctx, f.leadUs, f.firms[0].ID, relation.Input{Organisation: "某县农业农村局", Relation: "审计客户"})
		if err != nil {
			t.Fatal(err)
		}
		rel2, err := f.rel.DeclareRelation(f.ctx, f.hunan, tied, relation.Input{Organisation: "湖南省农业农村厅", Relation: "股东"})
		if err != nil {
			t.Fatal(err)
		}
		id := f.project("关联终止")
		if _, err := f.s.SetTeam(f.ctx, f.hunan, id, f.team()); rule(err) != "project.team.rule."+project.RuleTied {
			t.Fatalf("team with tied institutions: %v", err)
		}

		for _, c := range []struct {
			name string
			who  *auth.Actor
			want apperr.Code
		}{
			{"other province's reviewer", projecttest.User(t, d, f.clk, auth.RoleProvincialReviewer, "440000", 0), apperr.NotFound},
			{"other city's reviewer", projecttest.User(t, d, f.clk, auth.RoleLocalReviewer, "430200", 0), apperr.NotFound},
			{"another institution", projecttest.User(t, d, f.clk, auth.RoleInstitution, "430102", f.firms[2].ID), apperr.NotFound},
			{"local reviewer in scope", projecttest.User(t, d, f.clk, auth.RoleLocalReviewer, "430100", 0), apperr.NotFound},
			{"ministry", projecttest.User(t, d, f.clk, auth.RoleMinistry, "000000", 0), apperr.NotFound},
		} {
			if _, err := f.rel.EndRelation(f.ctx, c.who, tied, rel2.ID); apperr.CodeOf(err) != c.want {
				t.Errorf("%s ends: %v, want %s", c.name, err, c.want)
			}
		}
		if _, err := f.rel.EndRelation(f.ctx, f.hunan, f.firms[2].ID, rel2.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("relation under another institution: %v", err)
		}

		f.clk.Advance(time.Hour)
		// The institution ends its own; the reviewer ends the other, twice at once.
		if _, err := f.rel.EndRelation(f.ctx, f.leadUs, f.firms[0].ID, rel.ID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.rel.EndRelation(f.ctx, f.hunan, tied, rel2.ID)
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) || !apperr.Is(errors(errs), apperr.Conflict) {
			t.Fatalf("two ending at once: %v", errs)
		}
		if _, err := f.rel.EndRelation(f.ctx, f.hunan, tied, rel2.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second end: %v, want conflict", err)
		}

		list, err := f.rel.Relations(f.ctx, f.hunan, tied)
		if err != nil || len(list) != 1 || list[0].EndedAt == nil || !list[0].EndedAt.Equal(start.Add(time.Hour)) ||
			list[0].EndedRole != string(auth.RoleProvincialReviewer) {
			t.Fatalf("ended relation listed: %+v %v", list, err)
		}
		var by int64
		if err := d.QueryRow(f.ctx, "SELECT ended_by FROM institution_relations WHERE id = ?", rel2.ID).Scan(&by); err != nil || by != f.hunan.UserID {
			t.Errorf("ended_by %d %v", by, err)
		}
		var n int
		_ = d.QueryRow(f.ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'institution.relation_ended'").Scan(&n)
		if n != 2 {
			t.Errorf("%d relation_ended audit entries, want 2", n)
		}

		if _, err := f.s.SetTeam(f.ctx, f.hunan, id, f.team()); err != nil {
			t.Fatalf("team after the relations ended: %v", err)
		}
		res, err := f.s.Select(f.ctx, f.hunan, f.project("关联终止后抽取"), project.SelectInput{Method: "draw", Count: 4, Seed: "s"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Excluded) != 0 || !slices.Contains(res.Institutions, tied) {
			t.Errorf("selection after the end: %v excluded %+v", res.Institutions, res.Excluded)
		}
		// Declared again, the tie excludes again; the ended record stays.
		if _, err := f.rel.DeclareRelation(f.ctx, f.hunan, tied, relation.Input{Organisation: "湖南省农业农村厅", Relation: "再次入股"}); err != nil {
			t.Fatalf("declare again after the end: %v", err)
		}
		if _, err := f.rel.DeclareRelation(f.ctx, f.hunan, tied, relation.Input{Organisation: "湖南省农业农村厅"}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a second active declaration: %v, want conflict", err)
		}
		res, err = f.s.Select(f.ctx, f.hunan, f.project("再次关联"), project.SelectInput{Method: "draw", Count: 3, Seed: "s"})
		if err != nil || len(res.Excluded) != 1 || res.Excluded[0].InstitutionID != tied {
			t.Errorf("selection after declaring again: %+v %v", res, err)
		}
		if list, _ := f.rel.Relations(f.ctx, f.hunan, tied); len(list) != 2 || list[0].EndedAt == nil || list[1].EndedAt != nil {
			t.Errorf("relations after declaring again: %+v", list)
		}
	})
}

func errors(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
