package publicquery

import (
	"context"
	"strings"

	"evalcred/internal/calendar"
	"evalcred/internal/ident"
	"evalcred/internal/textnorm"
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
	store, today := pageStore{s.DB}, calendar.Current(s.Clock)
	if code := strings.ReplaceAll(ident.NormalizeUSCC(q), " ", ""); len(code) == 18 && ident.ValidateUSCC(code) == nil {
		hits, err := store.byUSCC(ctx, code, today)
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
	df, err := store.docFreq(ctx, grams)
	if err != nil {
		return out, err
	}
	var hits []hit
	switch rarest := rarestGram(grams, df); {
	case len([]rune(norm)) == 1: // no bigram to start from: a bounded scan
		hits, err = store.containing(ctx, today, norm, "", page.Limit+1, page.Offset)
	case rarest != "":
		hits, err = store.containing(ctx, today, norm, rarest, page.Limit+1, page.Offset)
	}
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
	if page.Offset > 0 || len(out.Items) >= page.Limit {
		return out, nil
	}
	near, err := s.near(ctx, today, norm, grams, df, page.Limit-len(out.Items))
	out.Items = append(out.Items, near...)
	return out, err
}

// near returns institutions sharing at least half of the query's informative
// bigrams without containing the query, most shared first.
func (s *Service) near(ctx context.Context, today calendar.Date, norm string, grams []string, df map[string]int, limit int) ([]Hit, error) {
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
	hits, err := pageStore{s.DB}.near(ctx, today, norm, use, need, limit)
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
