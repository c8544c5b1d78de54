package publicquery

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/privacy"
	"evalcred/internal/region"
)

// pageStore holds the queries of the public pages and the search: the
// public columns of active institutions, never more. It reads the database
// (the search's substring test is written per engine by db.DB.Position).
type pageStore struct{ d *db.DB }

// institution reads the page's own part of an active institution by USCC
// and returns its id.
func (s pageStore) institution(ctx context.Context, code string) (Institution, int64, error) {
	var out Institution
	var id int64
	var approved int
	err := s.d.QueryRow(ctx, `SELECT id, name, uscc, type, region_code, approved_version FROM institutions WHERE uscc = ? AND status = 'active'`, code).
		Scan(&id, &out.Name, &out.USCC, &out.Type, &out.RegionCode, &approved)
	if db.IsNoRows(err) {
		return out, 0, apperr.NotFoundf("institution")
	}
	if err != nil {
		return out, 0, fmt.Errorf("publicquery: institution: %w", err)
	}
	out.FilingApproved = approved > 0
	out.Name = privacy.Mask(out.Name)
	out.RegionName = region.Default().FullName(out.RegionCode)
	return out, id, nil
}

// byUSCC finds the active institution with a USCC.
func (s pageStore) byUSCC(ctx context.Context, code string, today calendar.Date) ([]hit, error) {
	return s.hits(ctx, today, "FROM institutions i WHERE i.uscc = ? AND i.status = 'active'", []any{code}, "i.id", 1, 0, MatchUSCC)
}

// containing finds active institutions whose normalised name contains
// norm, exact matches first, then prefixes, then the shortest: through the
// postings of its rarest gram, or, for a query of one character, which has
// no gram, by a bounded scan.
func (s pageStore) containing(ctx context.Context, today calendar.Date, norm, rarest string, limit, offset int) ([]hit, error) {
	pos := s.d.Position("i.name_norm")
	rank := `CASE WHEN i.name_norm = ? THEN 0 WHEN ` + pos + ` = 1 THEN 1 ELSE 2 END, length(i.name_norm), i.id`
	from, args := "FROM institutions i WHERE i.status = 'active' AND "+pos+" > 0", []any{norm}
	if rarest != "" {
		from = `FROM name_grams g JOIN institutions i ON i.id = g.institution_id
			WHERE g.gram = ? AND i.status = 'active' AND ` + pos + ` > 0`
		args = []any{rarest, norm}
	}
	return s.hits(ctx, today, from, args, rank, limit, offset, "", norm, norm)
}

// near finds active institutions holding at least need of grams without
// containing norm, most shared first.
func (s pageStore) near(ctx context.Context, today calendar.Date, norm string, grams []any, need, limit int) ([]hit, error) {
	from := `FROM (SELECT institution_id, COUNT(*) AS shared FROM name_grams WHERE gram IN (` + db.In(len(grams)) + `)
		GROUP BY institution_id HAVING COUNT(*) >= ?) x JOIN institutions i ON i.id = x.institution_id
		WHERE i.status = 'active' AND ` + s.d.Position("i.name_norm") + ` = 0`
	args := append(grams, need, norm)
	return s.hits(ctx, today, from, args, "x.shared DESC, length(i.name_norm), i.id", limit, 0, MatchNear)
}

// hits runs one search query: the public columns with the derived status
// (ban and suspension ends computed by correlated, indexed subqueries).
func (s pageStore) hits(ctx context.Context, today calendar.Date, from string, fromArgs []any, order string, limit, offset int, match string, orderArgs ...any) ([]hit, error) {
	ban, banArgs := credit.InForceSQL("s", today)
	sus, susArgs := credit.InForceSQL("s", today)
	sql := `SELECT i.name, i.uscc, i.type, i.region_code, i.approved_version, i.name_norm,
		(SELECT MAX(s.ends_on) FROM sanctions s WHERE s.institution_id = i.id AND s.type = 'ban' AND ` + ban + `),
		(SELECT MAX(s.ends_on) FROM sanctions s WHERE s.institution_id = i.id AND s.type = 'suspension' AND ` + sus + `) ` +
		from + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	args := append(append(append(append(banArgs, susArgs...), fromArgs...), orderArgs...), limit, offset)
	return db.List(ctx, s.d, "publicquery: search", func(sc db.Scanner) (hit, error) {
		var h hit
		var approved int
		var banUntil, suspUntil calendar.Date
		if err := sc.Scan(&h.Name, &h.USCC, &h.Type, &h.RegionCode, &approved, &h.nameNorm, &banUntil, &suspUntil); err != nil {
			return h, err
		}
		h.FilingApproved = approved > 0
		h.Name = privacy.Mask(h.Name)
		h.RegionName = region.Default().FullName(h.RegionCode)
		h.Status, h.StatusUntil = status(banUntil, suspUntil)
		h.Match = match
		return h, nil
	}, sql, args...)
}

// docFreq returns how many institutions hold each gram (absent: zero).
func (s pageStore) docFreq(ctx context.Context, grams []string) (map[string]int, error) {
	if len(grams) == 0 {
		return map[string]int{}, nil
	}
	return db.Counts[string](ctx, s.d, "publicquery: gram counts", "SELECT gram, n FROM name_gram_df WHERE gram IN ("+db.In(len(grams))+")", strs(grams)...)
}

// changeStore holds the queries of public_changes, the log that triggers
// write for every change to what an institution's public page shows
// (migration 0014).
type changeStore struct{ d *db.DB }

// head returns the newest change and the transactions in progress.
func (s changeStore) head(ctx context.Context) (int64, string, error) {
	_, seq, running, err := s.read(ctx, s.d.WithRunning(`SELECT COALESCE(MAX(seq), 0), 0 FROM public_changes`))
	return seq, running, err
}

// since returns the institutions changed after change after or by a
// transaction of wasRunning, the newest change now seen and the
// transactions now in progress: one statement, so that the rows and the
// list of running transactions come from one snapshot. A row of a
// transaction running then is not visible yet and is read again next time;
// a transaction that starts later numbers its rows after every row seen now.
func (s changeStore) since(ctx context.Context, after int64, wasRunning string) (ids []int64, seq int64, running string, err error) {
	or, orArgs := s.d.OrWrittenBy("xid", wasRunning)
	ids, seq, running, err = s.read(ctx, s.d.WithRunning(`SELECT seq, institution_id FROM public_changes WHERE seq > ?`+or),
		append([]any{after}, orArgs...)...)
	return ids, max(seq, after), running, err
}

// read runs a query of changes (seq, institution id) and running
// transactions (-1, xid): the institutions, the highest seq and the
// transactions as an array literal.
func (s changeStore) read(ctx context.Context, q string, args ...any) (ids []int64, seq int64, running string, err error) {
	type row struct{ seq, id int64 }
	rows, err := db.List(ctx, s.d, "publicquery: page cache", func(sc db.Scanner) (row, error) {
		var r row
		err := sc.Scan(&r.seq, &r.id)
		return r, err
	}, q, args...)
	if err != nil {
		return nil, 0, "", err
	}
	var xids []string
	for _, r := range rows {
		if r.seq < 0 {
			xids = append(xids, strconv.FormatInt(r.id, 10))
			continue
		}
		ids = append(ids, r.id)
		seq = max(seq, r.seq)
	}
	return ids, seq, "{" + strings.Join(xids, ",") + "}", nil
}

// prune deletes the changes older than the Unix time before.
func (s changeStore) prune(ctx context.Context, before int64) error {
	if _, err := s.d.Exec(ctx, "DELETE FROM public_changes WHERE changed_unix < ?", before); err != nil {
		return fmt.Errorf("publicquery: prune changes: %w", err)
	}
	return nil
}
