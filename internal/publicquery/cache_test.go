package publicquery_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/publicquery"
)

// name returns the name the public page of uscc shows.
func (w *world) name(t *testing.T, uscc string) string {
	t.Helper()
	p, err := w.pub.Institution(w.ctx, uscc)
	if err != nil {
		t.Fatal(err)
	}
	return p.Name
}

// The cached public page follows every change: this server's own writes at
// once, another server's (a second connection pool on the same database,
// here writing plain SQL that no service knows of) once the refresh interval
// has passed, and the day's end of a ban.
func TestPageCacheFollowsChanges(t *testing.T) {
	dbtest.ForEachDSN(t, func(t *testing.T, d *db.DB, dsn string) {
		other := dbtest.Another(t, dsn)
		w := newWorld(t, d)
		id, uscc := w.institution(t, "湖南天平会计师事务所有限公司", "active")
		if got := w.name(t, uscc); got != "湖南天平会计师事务所有限公司" || w.pub.Cache.Len() != 1 {
			t.Fatalf("first lookup: %q, %d pages kept", got, w.pub.Cache.Len())
		}

		// Another server renames it: this one answers from memory until
		// the refresh interval has passed, then reads the change.
		if _, err := other.Exec(w.ctx, "UPDATE institutions SET name = '湖南天平新名会计师事务所' WHERE id = ?", id); err != nil {
			t.Fatal(err)
		}
		if got := w.name(t, uscc); got != "湖南天平会计师事务所有限公司" {
			t.Fatalf("within the refresh interval the kept page is served, got %q", got)
		}
		w.clk.Advance(w.pub.Cache.Refresh)
		if got := w.name(t, uscc); got != "湖南天平新名会计师事务所" {
			t.Errorf("after the refresh interval: %q", got)
		}

		// This server's own write shows at once, with no time passing.
		reviewer := &auth.Actor{UserID: 9, Username: "hunan", Role: auth.RoleProvincialReviewer, RegionCode: "430000"}
		today := calendar.DateOf(w.clk.Now())
		res, err := w.cr.Propose(w.ctx, reviewer, credit.ProposeInput{InstitutionID: id, Kind: "bad", Severity: "serious",
			Category: "fraud", Facts: "出具虚假报告", Basis: "财监〔2021〕4号",
			Sanction: &credit.SanctionSpec{Type: "ban", StartsOn: today, EndsOn: today.AddDays(10), Scope: "province"}})
		if err != nil {
			t.Fatal(err)
		}
		inst := &auth.Actor{UserID: 10, Username: "agency", Role: auth.RoleInstitution, RegionCode: "430102", InstitutionID: id}
		if _, err := w.cr.Accept(w.ctx, inst, res.ID); err != nil {
			t.Fatal(err)
		}
		p, _ := w.pub.Institution(w.ctx, uscc)
		if p.Status != publicquery.StatusBanned || len(p.Records) != 1 {
			t.Errorf("after this server's ban: %s, %d records", p.Status, len(p.Records))
		}
		// The ban ends by date: the page of yesterday is not served today.
		w.clk.Advance(11 * 24 * time.Hour)
		if p, _ := w.pub.Institution(w.ctx, uscc); p.Status != publicquery.StatusActive {
			t.Errorf("after the ban's last day: %s", p.Status)
		}
		// Taken off the register by hand: gone from the public pages.
		if _, err := other.Exec(w.ctx, "UPDATE institutions SET status = 'deregistered' WHERE id = ?", id); err != nil {
			t.Fatal(err)
		}
		w.clk.Advance(w.pub.Cache.Refresh)
		if _, err := w.pub.Institution(w.ctx, uscc); err == nil {
			t.Error("a deregistered institution's page is still served")
		}
	})
}

// A change made by a transaction that is still running while the cache reads
// the changes (and rebuilds the page from the old row) is not lost when it
// commits: on PostgreSQL its change row becomes visible after rows with
// higher numbers, which the cache has already passed.
func TestPageCacheSeesLateCommits(t *testing.T) {
	dbtest.ForEachDSN(t, func(t *testing.T, d *db.DB, dsn string) {
		other := dbtest.Another(t, dsn)
		w := newWorld(t, d)
		slowID, slow := w.institution(t, "慢事务会计师事务所", "active")
		fastID, _ := w.institution(t, "快事务会计师事务所", "active")
		w.name(t, slow)

		renamed, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			done <- other.Tx(w.ctx, func(tx *db.Tx) error {
				if _, err := tx.Exec(w.ctx, "UPDATE institutions SET name = '慢事务新名会计师事务所' WHERE id = ?", slowID); err != nil {
					return err
				}
				close(renamed)
				<-release
				return nil
			})
		}()
		<-renamed
		if d.ConcurrentCommits() {
			// A later transaction commits first, with a higher change number.
			if _, err := d.Exec(w.ctx, "UPDATE institutions SET name = '快事务新名会计师事务所' WHERE id = ?", fastID); err != nil {
				t.Fatal(err)
			}
		}
		w.clk.Advance(w.pub.Cache.Refresh)
		if got := w.name(t, slow); got != "慢事务会计师事务所" {
			t.Fatalf("before the commit: %q", got)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		w.clk.Advance(w.pub.Cache.Refresh)
		if got := w.name(t, slow); got != "慢事务新名会计师事务所" {
			t.Errorf("after the late commit the page still shows %q", got)
		}
	})
}

// The cache keeps no more than its bound, and answers correctly beyond it.
func TestPageCacheBound(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	w := newWorld(t, d)
	w.pub.Cache.MaxBytes = 4 << 10 // about ten pages
	var usccs []string
	for i := range 40 {
		_, uscc := w.institution(t, fmt.Sprintf("第%d会计师事务所有限公司", i), "active")
		usccs = append(usccs, uscc)
	}
	for round := range 2 {
		for i, uscc := range usccs {
			if got, want := w.name(t, uscc), fmt.Sprintf("第%d会计师事务所有限公司", i); got != want {
				t.Fatalf("round %d: %q, want %q", round, got, want)
			}
		}
	}
	if n := w.pub.Cache.Len(); n == 0 || n > 16 {
		t.Errorf("%d pages kept under a bound of 4 KiB", n)
	}
}

// The prune job deletes change rows older than a day, and keeps the rest.
func TestPruneChanges(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.institution(t, "旧变更会计师事务所", "active")
		if _, err := d.Exec(w.ctx, "UPDATE public_changes SET changed_unix = ?", w.clk.Now().Add(-25*time.Hour).Unix()); err != nil {
			t.Fatal(err)
		}
		count := func() (n int) {
			if err := d.QueryRow(w.ctx, "SELECT COUNT(*) FROM public_changes").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		old := count()
		if old == 0 {
			t.Fatal("no change logged for a new institution")
		}
		if _, err := d.Exec(w.ctx, "UPDATE public_changes SET changed_unix = ? WHERE seq = (SELECT MAX(seq) FROM public_changes)", w.clk.Now().Add(-time.Hour).Unix()); err != nil {
			t.Fatal(err)
		}
		if err := w.pub.PruneChanges(w.ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 1 {
			t.Errorf("%d change rows left after pruning %d rows of which one is an hour old", n, old)
		}
	})
}

// Under concurrent lookups (the real clock, reads of changes due every
// millisecond) the cache keeps its pages: it starts once, and nearly every
// lookup after an institution's first is answered from memory. (A goroutine
// that waited for another's read once took that read's later time for a
// clock gone backwards and emptied the cache each time.)
func TestPageCacheUnderConcurrentLookups(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	w := newWorld(t, d)
	w.pub = &publicquery.Service{DB: d, Clock: clock.System{}, Cache: publicquery.NewPageCache(d, clock.System{}, 1<<20)}
	w.pub.Cache.Refresh = time.Millisecond
	var usccs []string
	for i := range 20 {
		_, uscc := w.institution(t, fmt.Sprintf("并发查询第%d会计师事务所", i), "active")
		usccs = append(usccs, uscc)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 400 {
				if _, err := w.pub.Institution(w.ctx, usccs[(g+i)%len(usccs)]); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	st := w.pub.Cache.Stats()
	if st.Restarts != 1 || st.Misses > 8*int64(len(usccs)) || st.Hits+st.Misses != 8*400 {
		t.Errorf("after 3,200 lookups of 20 pages: %+v; want 1 restart and at most 160 misses", st)
	}
}

// A change to the institution's row is logged for the page cache only when
// the public page shows it: a filing's re-approval that leaves the name,
// type and status as they were keeps every server's page, while a first
// approval, a rename or a new status are logged, whoever writes them.
func TestPublicChangesOnlyWhatThePageShows(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		id, _ := w.institution(t, "湖南衡平绩效评价咨询有限公司", "active")
		count := func() int {
			t.Helper()
			var n int
			if err := d.QueryRow(w.ctx, "SELECT COUNT(*) FROM public_changes WHERE institution_id = ?", id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, c := range []struct {
			what, sql string
			logged    bool
		}{
			{"no approved filing any more", "UPDATE institutions SET approved_version = 0 WHERE id = ?", true},
			{"first approval", "UPDATE institutions SET approved_version = 1 WHERE id = ?", true},
			{"re-approval, nothing public changed", "UPDATE institutions SET approved_version = 2, name = name, type = type, address = '长沙市新址' WHERE id = ?", false},
			{"a contact changed", "UPDATE institutions SET contact_phone = '0731-12345678' WHERE id = ?", false},
			{"renamed", "UPDATE institutions SET name = '湖南衡平新名咨询有限公司' WHERE id = ?", true},
			{"type changed", "UPDATE institutions SET type = 'law_firm' WHERE id = ?", true},
			{"deregistered", "UPDATE institutions SET status = 'deregistered' WHERE id = ?", true},
		} {
			before := count()
			if _, err := d.Exec(w.ctx, c.sql, id); err != nil {
				t.Fatalf("%s: %v", c.what, err)
			}
			if got := count() > before; got != c.logged {
				t.Errorf("%s: logged %v, want %v", c.what, got, c.logged)
			}
		}
	})
}
