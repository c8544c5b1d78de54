package review_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filing"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/review"
	"evalcred/internal/textnorm"
)

// An approval makes the new version's people the active ones: the roles
// that were active end on the day of approval, those of the new version
// start, and roles that had already ended keep the day they ended. A new
// name in the filing is what the public search then finds.
func TestApprovalSwapsRolesAndName(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		instID, user := s.NewApprovedFiling(t, "430102")
		local, prov := s.Reviewers(t, "430102")
		resubmit := func(day int, edit func(*filing.Document)) int {
			t.Helper()
			clk.Set(t0.Add(time.Duration(day) * 24 * time.Hour))
			draft, err := s.Filing.GetDraft(ctx, user, instID)
			if err != nil {
				t.Fatal(err)
			}
			doc := draft.Document
			edit(&doc)
			v := s.Submit(t, user, instID, doc)
			s.DecideOpen(t, local, instID, 1, review.Decision{Decision: review.Approve})
			s.DecideOpen(t, prov, instID, 2, review.Decision{Decision: review.Approve})
			return v
		}
		type role struct {
			active bool
			ended  calendar.Date
		}
		roles := func() map[int][]role {
			t.Helper()
			rows, err := d.Query(ctx, "SELECT filing_version, active, ended_on FROM person_roles WHERE institution_id = ? ORDER BY id", instID)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[int][]role{}
			for rows.Next() {
				var v int
				var r role
				if err := rows.Scan(&v, &r.active, &r.ended); err != nil {
					t.Fatal(err)
				}
				out[v] = append(out[v], r)
			}
			return out
		}
		check := func(v int, active bool, ended string, want int) {
			t.Helper()
			rs := roles()[v]
			if len(rs) != want {
				t.Fatalf("version %d has %d roles, want %d", v, len(rs), want)
			}
			for _, r := range rs {
				if r.active != active || r.ended.String() != ended && !(ended == "" && r.ended.IsZero()) {
					t.Errorf("version %d role %+v, want active %v ended %q", v, r, active, ended)
				}
			}
		}
		check(1, true, "", 4) // legal rep, lead evaluator, two practitioners

		const renamed = "湖南衡信绩效评价咨询有限公司"
		v2 := resubmit(2, func(doc *filing.Document) {
			doc.Institution.Name = renamed
			doc.Practitioners = doc.Practitioners[:1] // the lead evaluator stays, the other leaves
		})
		day2 := calendar.DateOf(t0.Add(48 * time.Hour)).String()
		check(1, false, day2, 4)
		check(v2, true, "", 3)

		v3 := resubmit(5, func(*filing.Document) {})
		check(1, false, day2, 4) // already ended: the day stays
		check(v2, false, calendar.DateOf(t0.Add(5*24*time.Hour)).String(), 3)
		check(v3, true, "", 3)

		var name, norm string
		if err := d.QueryRow(ctx, "SELECT name, name_norm FROM institutions WHERE id = ?", instID).Scan(&name, &norm); err != nil {
			t.Fatal(err)
		}
		if name != renamed || norm != textnorm.Name(renamed) {
			t.Errorf("institution name %q (%q)", name, norm)
		}
		grams, err := db.Strings(ctx, d, "name grams", "SELECT gram FROM name_grams WHERE institution_id = ? ORDER BY gram", instID)
		if err != nil {
			t.Fatal(err)
		}
		want := textnorm.Bigrams(textnorm.Name(renamed), 0)
		slices.Sort(want)
		want = slices.Compact(want)
		if !slices.Equal(grams, want) {
			t.Errorf("name grams %v, want those of the new name %v", grams, want)
		}
	})
}

// An approval that read the institution's name before someone else changed
// it does not go through on the stale name: it is a conflict, and the
// version stays under review.
func TestApproveOnStaleName(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		instID, _, v := s.NewSubmittedFiling(t, "430102")
		local, _ := s.Reviewers(t, "430102")
		s.DecideOpen(t, local, instID, 1, review.Decision{Decision: review.Approve})
		var name string
		if err := d.QueryRow(ctx, "SELECT name FROM institutions WHERE id = ?", instID).Scan(&name); err != nil {
			t.Fatal(err)
		}
		// Someone renames the institution after the reviewer's read.
		if _, err := d.Exec(ctx, "UPDATE institutions SET name = ? WHERE id = ?", name+"（更名）", instID); err != nil {
			t.Fatal(err)
		}
		err := d.Tx(ctx, func(tx *db.Tx) error {
			_, err := filing.Approve(ctx, tx, filing.Current{ID: instID, RegionCode: "430102", Name: name}, v, clk.Now())
			return err
		})
		if !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("approve on a stale name: %v, want a conflict", err)
		}
		var state string
		_ = d.QueryRow(ctx, "SELECT state FROM filing_versions WHERE institution_id = ? AND version = ?", instID, v).Scan(&state)
		if state != filing.StateLevel2 {
			t.Errorf("version is %s after the conflict, want still %s", state, filing.StateLevel2)
		}
		// Read again, the approval goes through and puts the filing's name back.
		err = d.Tx(ctx, func(tx *db.Tx) error {
			ap, err := filing.Approve(ctx, tx, filing.Current{ID: instID, RegionCode: "430102", Name: name + "（更名）"}, v, clk.Now())
			if err == nil && (!ap.Renamed || ap.Name != name) {
				t.Errorf("approval %+v, want the name %q back", ap, name)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var now string
		_ = d.QueryRow(ctx, "SELECT name FROM institutions WHERE id = ?", instID).Scan(&now)
		if now != name {
			t.Errorf("name %q after approval, want %q", now, name)
		}
	})
}

// The next update falls due after the interval in force in the
// institution's province on the day of approval: not another province's,
// not one that takes effect later, and the default (12 months) where the
// province set none.
func TestApprovalUsesProvinceInterval(t *testing.T) {
	forEach(t, func(t *testing.T, d *db.DB, clk *clock.Fake, s *filingtest.Services) {
		ctx := context.Background()
		for _, p := range []struct {
			province, value, from string
		}{{"430000", "6", "2026-01-01"}, {"430000", "9", "2027-01-01"}, {"420000", "3", "2026-01-01"}} {
			if _, err := d.Exec(ctx, "INSERT INTO policies (province_code, key, value_json, effective_from, created_at) VALUES (?, 'filing.update_interval_months', ?, ?, ?)",
				p.province, p.value, p.from, t0); err != nil {
				t.Fatal(err)
			}
		}
		for region, want := range map[string]string{"430102": "2026-09-02", "450102": "2027-03-02"} {
			instID, _ := s.NewApprovedFiling(t, region)
			var due calendar.Date
			if err := d.QueryRow(ctx, "SELECT update_due_on FROM institutions WHERE id = ?", instID).Scan(&due); err != nil {
				t.Fatal(err)
			}
			if due.String() != want {
				t.Errorf("%s: update due %s, want %s", region, due, want)
			}
		}
	})
}
