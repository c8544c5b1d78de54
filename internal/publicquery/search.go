package publicquery

import (
	"context"
	"evalcred/internal/privacy"
	"evalcred/internal/textnorm"
	"fmt"
	"strings"

	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/region"
)

// Match says how a search result matched, best first.
const (
	MatchUSCC     = "uscc"
	MatchExact    = "exact"
	MatchPrefix   = "prefix"
	MatchContains = "contains"
	MatchNear     = "near"
)

// Page is a window of results.
type Page struct {
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// Hit is one search result.
type Hit struct {
	Summary
	Match string `json:"match"`
}

// SearchResult is a page of hits; More says whether a next page exists.
type SearchResult struct {
	Items []Hit `json:"items"`
	More  bool  `json:"more"`
}

// nearMaxDF leaves grams shared by more institutions than this out of the
// near-miss query: 公司 or 会计 say nothing about which firm is meant, and
// counting them would touch most of the index.
const nearMaxDF = 2000

// Search finds active institutions by USCC (exact, normalised) or by part of
// the name (normalised like name_norm: width, spaces and case do not matter),
// ranked exact > prefix > contains, then near misses sharing at least half of
// the query's bigrams (first page only). A substring match must contain every
// bigram of the query, so it starts from the rarest one (name_gram_df) and
// reads only that gram's postings.
func (s *Service) Search(ctx context.Context, q string, page Page) (SearchResult, error) {
	if page.Limit <= 0 || page.Limit > 50 {
		page.Limit = 20
	}
	page.Offset = max(0, page.Offset)
	out := SearchResult{Items: []Hit{}}
	if code := strings.ReplaceAll(ident.NormalizeUSCC(q), " ", ""); len(code) == 18 && ident.ValidateUSCC(code) == nil {
		hits, err := s.query(ctx, "FROM institutions i WHERE i.uscc = ? AND i.status = 'active'", []any{code}, "i.id", 1, 0, MatchUSCC)
		for _, h := range hits {
			out.Items = append(out.Items, h.Hit)
		}
		return out, err
	}
	norm := textnorm.Name(q)
	if norm == "" {
		return out, nil
	}
	grams := textnorm.Bigrams(norm, 0)
	df, err := docFreq(ctx, s.DB, grams)
	if err != nil {
		return out, err
	}
	pos := s.DB.Position("i.name_norm")
	rank := `CASE WHEN i.name_norm = ? THEN 0 WHEN ` + pos + ` = 1 THEN 1 ELSE 2 END, length(i.name_norm), i.id`
	rankArgs := []any{norm, norm}
	contains := norm
	var from string
	var args []any
	switch rarest := rarestGram(grams, df); {
	case len([]rune(norm)) == 1: // no bigram to start from: a bounded scan
		from, args = "FROM institutions i WHERE i.status = 'active' AND "+pos+" > 0", []any{contains}
	case rarest != "":
		from = `FROM name_grams g JOIN institutions i ON i.id = g.institution_id
			WHERE g.gram = ? AND i.status = 'active' AND ` + pos + ` > 0`
		args = []any{rarest, contains}
	}
	if from != "" {
		hits, err := s.query(ctx, from, args, rank, page.Limit+1, page.Offset, "", rankArgs...)
		if err != nil {
			return out, err
		}
		if len(hits) > page.Limit {
			hits, out.More = hits[:page.Limit], true
		}
		for i := range hits {
			hits[i].Match = MatchContains
			switch {
			case hits[i].nameNorm == norm:
				hits[i].Match = MatchExact
			case strings.HasPrefix(hits[i].nameNorm, norm):
				hits[i].Match = MatchPrefix
			}
			out.Items = append(out.Items, hits[i].Hit)
		}
	}
	if page.Offset > 0 || len(out.Items) >= page.Limit {
		return out, nil
	}
	near, err := s.near(ctx, norm, grams, df, page.Limit-len(out.Items))
	out.Items = append(out.Items, near...)
	return out, err
}

// near returns institutions sharing at least half of the query's informative
// bigrams without containing the query, most shared first.
func (s *Service) near(ctx context.Context, norm string, grams []string, df map[string]int, limit int) ([]Hit, error) {
	var use []any
	for _, g := range grams {
		if n := df[g]; n > 0 && n <= nearMaxDF {
			use = append(use, g)
		}
	}
	need := max(1, (len(grams)+1)/2)
	if len(use) < need || len(grams) < 2 {
		return nil, nil
	}
	from := `FROM (SELECT institution_id, COUNT(*) AS shared FROM name_grams WHERE gram IN (` + db.In(len(use)) + `)
		GROUP BY institution_id HAVING COUNT(*) >= ?) x JOIN institutions i ON i.id = x.institution_id
		WHERE i.status = 'active' AND ` + s.DB.Position("i.name_norm") + ` = 0`
	args := append(use, need, norm)
	hits, err := s.query(ctx, from, args, "x.shared DESC, length(i.name_norm), i.id", limit, 0, MatchNear)
	out := make([]Hit, len(hits))
	for i, h := range hits {
		out[i] = h.Hit
	}
	return out, err
}

type hit struct {
	Hit
	nameNorm string
}

// query runs one search query: the public columns with the derived status
// (ban and suspension ends computed by correlated, indexed subqueries).
func (s *Service) query(ctx context.Context, from string, fromArgs []any, order string, limit, offset int, match string, orderArgs ...any) ([]hit, error) {
	today := s.today()
	ban, banArgs := credit.InForceSQL("s", today)
	sus, susArgs := credit.InForceSQL("s", today)
	sql := `SELECT i.name, i.uscc, i.type, i.region_code, i.approved_version, i.name_norm,
		(SELECT MAX(s.ends_on) FROM sanctions s WHERE s.institution_id = i.id AND s.type = 'ban' AND ` + ban + `),
		(SELECT MAX(s.ends_on) FROM sanctions s WHERE s.institution_id = i.id AND s.type = 'suspension' AND ` + sus + `) ` +
		from + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	args := append(append(append(append(banArgs, susArgs...), fromArgs...), orderArgs...), limit, offset)
	rows, err := s.DB.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("publicquery: search: %w", err)
	}
	defer rows.Close()
	var out []hit
	for rows.Next() {
		var h hit
		var approved int
		var banUntil, suspUntil calendar.Date
		if err := rows.Scan(&h.Name, &h.USCC, &h.Type, &h.RegionCode, &approved, &h.nameNorm, &banUntil, &suspUntil); err != nil {
			return nil, err
		}
		h.FilingApproved = approved > 0
		h.Name = privacy.Mask(h.Name)
		h.RegionName = region.Default().FullName(h.RegionCode)
		h.Status, h.StatusUntil = status(banUntil, suspUntil)
		h.Match = match
		out = append(out, h)
	}
	return out, rows.Err()
}

// docFreq returns how many institutions hold each gram (absent: zero).
func docFreq(ctx context.Context, q db.Queryer, grams []string) (map[string]int, error) {
	df := make(map[string]int, len(grams))
	if len(grams) == 0 {
		return df, nil
	}
	args := make([]any, len(grams))
	for i, g := range grams {
		args[i] = g
	}
	rows, err := q.Query(ctx, "SELECT gram, n FROM name_gram_df WHERE gram IN ("+db.In(len(grams))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("publicquery: gram counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g string
		var n int
		if err := rows.Scan(&g, &n); err != nil {
			return nil, err
		}
		df[g] = n
	}
	return df, rows.Err()
}

// rarestGram is the query gram held by the fewest institutions, or "" when
// some gram is held by none (then nothing contains the query).
func rarestGram(grams []string, df map[string]int) string {
	best := ""
	for _, g := range grams {
		n := df[g]
		if n == 0 {
			return ""
		}
		if best == "" || n < df[best] {
			best = g
		}
	}
	return best
}
