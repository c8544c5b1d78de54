package audit_test

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/audit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/region"
)

// Entries are found by what they are about and who made them, newest
// first, inside the searcher's scope; the system's entries (no region) are
// seen nationally only.
func TestSearchWithinScope(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC)
		hunan := audit.Who{ID: 3, Name: "hunan", Role: "provincial_reviewer", IP: "10.0.0.1", RequestID: "r1"}
		// One transaction each: on PostgreSQL the entries deferred together
		// in one transaction are numbered in no set order.
		for i, e := range []struct {
			who    audit.Who
			action string
			region string
		}{
			{hunan, "filing.approved", "430102"},
			{hunan, "filing.returned", "430102"},
			{audit.Who{}, "sessions.purged", ""},
			{hunan, "filing.approved", "110105"},
		} {
			err := d.Tx(ctx, func(tx *db.Tx) error {
				return audit.Record(ctx, tx, e.who, at.Add(time.Duration(i)*time.Minute), e.action, "filing", int64(i+1), e.region,
					map[string]string{"state": "submitted"}, nil)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			scope string
			f     audit.Filter
			want  []int64 // object ids, newest first
		}{
			{"430000", audit.Filter{}, []int64{2, 1}},
			{"430000", audit.Filter{Action: "filing.approved"}, []int64{1}},
			{"000000", audit.Filter{}, []int64{4, 3, 2, 1}},
			{"000000", audit.Filter{Actor: "system"}, []int64{3}},
			{"000000", audit.Filter{From: at.Add(time.Minute), To: at.Add(3 * time.Minute), Limit: 1}, []int64{3}},
			{"000000", audit.Filter{BeforeID: 3, ObjectType: "filing"}, []int64{2, 1}},
		} {
			es, err := audit.Search(ctx, d, region.Scope{Code: c.scope}, c.f)
			var got []int64
			for _, e := range es {
				got = append(got, e.ObjectID)
			}
			if err != nil || len(got) != len(c.want) {
				t.Errorf("%s %+v: %v %v, want %v", c.scope, c.f, got, err, c.want)
				continue
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("%s %+v: %v, want %v", c.scope, c.f, got, c.want)
					break
				}
			}
		}
		es, _ := audit.Search(ctx, d, region.Scope{Code: "430000"}, audit.Filter{ObjectID: 1})
		if len(es) != 1 || es[0].ActorName != "hunan" || es[0].IP != "10.0.0.1" || string(es[0].Before) != `{"state":"submitted"}` || es[0].After != nil {
			t.Errorf("entry = %+v", es)
		}
	})
}
