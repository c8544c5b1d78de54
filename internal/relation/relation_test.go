package relation_test

import (
	"slices"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
	"evalcred/internal/relation"
	"evalcred/internal/team"
)

// An ended relation stays on record, shown as ended with who and when, but
// no longer keeps the institution out of selections and teams; the same
// organisation may then be declared again. Ending follows the access rule of
// declaring and listing (404 for anyone who may not declare, even an
// official who sees the institution); ending twice is a conflict, and of two people ending
// at once one wins.
func TestEndRelation(t *testing.T) {
	projecttest.ForEach(t, 4, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		tied := e.Firms[1].ID
		rel, err := e.Relation.DeclareRelation(e.Ctx, e.Lead, e.Firms[0].ID, relation.Input{Organisation: "某县农业农村局", Relation: "审计客户"})
		if err != nil {
			t.Fatal(err)
		}
		rel2, err := e.Relation.DeclareRelation(e.Ctx, e.Hunan, tied, relation.Input{Organisation: "湖南省农业农村厅", Relation: "股东"})
		if err != nil {
			t.Fatal(err)
		}
		id := e.NewProject("关联终止")
		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, e.ValidTeam()); projecttest.Rule(err) != "project.team.rule."+team.RuleTied {
			t.Fatalf("team with tied institutions: %v", err)
		}

		for _, c := range []struct {
			name string
			who  *auth.Actor
			want apperr.Code
		}{
			{"other province's reviewer", e.User(auth.RoleProvincialReviewer, "440000", 0), apperr.NotFound},
			{"other city's reviewer", e.User(auth.RoleLocalReviewer, "430200", 0), apperr.NotFound},
			{"another institution", e.User(auth.RoleInstitution, "430102", e.Firms[2].ID), apperr.NotFound},
			{"local reviewer in scope", e.User(auth.RoleLocalReviewer, "430100", 0), apperr.NotFound},
			{"ministry", e.User(auth.RoleMinistry, "000000", 0), apperr.NotFound},
		} {
			if _, err := e.Relation.EndRelation(e.Ctx, c.who, tied, rel2.ID); apperr.CodeOf(err) != c.want {
				t.Errorf("%s ends: %v, want %s", c.name, err, c.want)
			}
		}
		if _, err := e.Relation.EndRelation(e.Ctx, e.Hunan, e.Firms[2].ID, rel2.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("relation under another institution: %v", err)
		}

		e.Clock.Advance(time.Hour)
		// The institution ends its own; the reviewer ends the other, twice at once.
		if _, err := e.Relation.EndRelation(e.Ctx, e.Lead, e.Firms[0].ID, rel.ID); err != nil {
			t.Fatal(err)
		}
		end := func() error {
			_, err := e.Relation.EndRelation(e.Ctx, e.Hunan, tied, rel2.ID)
			return err
		}
		dbtest.OneWins(t, end, end)
		if _, err := e.Relation.EndRelation(e.Ctx, e.Hunan, tied, rel2.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second end: %v, want conflict", err)
		}

		list, err := e.Relation.Relations(e.Ctx, e.Hunan, tied)
		if err != nil || len(list) != 1 || list[0].EndedAt == nil || !list[0].EndedAt.Equal(projecttest.Start.Add(time.Hour)) ||
			list[0].EndedRole != string(auth.RoleProvincialReviewer) {
			t.Fatalf("ended relation listed: %+v %v", list, err)
		}
		var by int64
		if err := d.QueryRow(e.Ctx, "SELECT ended_by FROM institution_relations WHERE id = ?", rel2.ID).Scan(&by); err != nil || by != e.Hunan.UserID {
			t.Errorf("ended_by %d %v", by, err)
		}
		var n int
		_ = d.QueryRow(e.Ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'institution.relation_ended'").Scan(&n)
		if n != 2 {
			t.Errorf("%d relation_ended audit entries, want 2", n)
		}

		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, e.ValidTeam()); err != nil {
			t.Fatalf("team after the relations ended: %v", err)
		}
		res, err := e.Project.Select(e.Ctx, e.Hunan, e.NewProject("关联终止后抽取"), project.SelectInput{Method: "draw", Count: 4, Seed: "s"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Excluded) != 0 || !slices.Contains(res.Institutions, tied) {
			t.Errorf("selection after the end: %v excluded %+v", res.Institutions, res.Excluded)
		}
		// Declared again, the tie excludes again; the ended record stays.
		if _, err := e.Relation.DeclareRelation(e.Ctx, e.Hunan, tied, relation.Input{Organisation: "湖南省农业农村厅", Relation: "再次入股"}); err != nil {
			t.Fatalf("declare again after the end: %v", err)
		}
		if _, err := e.Relation.DeclareRelation(e.Ctx, e.Hunan, tied, relation.Input{Organisation: "湖南省农业农村厅"}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a second active declaration: %v, want conflict", err)
		}
		res, err = e.Project.Select(e.Ctx, e.Hunan, e.NewProject("再次关联"), project.SelectInput{Method: "draw", Count: 3, Seed: "s"})
		if err != nil || len(res.Excluded) != 1 || res.Excluded[0].InstitutionID != tied {
			t.Errorf("selection after declaring again: %+v %v", res, err)
		}
		if list, _ := e.Relation.Relations(e.Ctx, e.Hunan, tied); len(list) != 2 || list[0].EndedAt == nil || list[1].EndedAt != nil {
			t.Errorf("relations after declaring again: %+v", list)
		}
	})
}
