// Package publicquery answers the public credit pages (no login): search for
// an institution by USCC or by part of its name, one institution's public
// credit page, the ban list and the signed ledger head. Every answer is built
// from an explicit list of public columns, so a person's ID number, phone or
// e-mail address can never reach it; and every call is one to three indexed
// queries, because these pages take the public's load. The search reads the
// name index (nameindex.go), which the writers of institutions' names keep
// in step; the pages may be kept in memory (cache.go).
package publicquery

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/ledger"
	"evalcred/internal/region"
)

// Service answers public queries.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
	// Cache, if set, keeps institutions' pages in memory (see PageCache).
	Cache *PageCache
}

// Status values derived from sanctions in force.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
	StatusBanned    = "banned"
)

// Summary is an institution as a search result lists it.
type Summary struct {
	Name           string        `json:"name"`
	USCC           string        `json:"uscc"`
	Type           string        `json:"type"`
	RegionCode     string        `json:"region_code"`
	RegionName     string        `json:"region_name"`
	Status         string        `json:"status"`       // active, suspended or banned
	StatusUntil    calendar.Date `json:"status_until"` // last day of the suspension or ban
	FilingApproved bool          `json:"filing_approved"`
}

// Restriction is a sanction in force, as the public sees it.
type Restriction struct {
	Type     string        `json:"type"`
	Scope    string        `json:"scope"`
	StartsOn calendar.Date `json:"starts_on"`
	EndsOn   calendar.Date `json:"ends_on"`
}

// Institution is GET /api/v1/public/institutions/{uscc}.
type Institution struct {
	Summary
	Restrictions []Restriction         `json:"restrictions"`
	Records      []credit.PublicRecord `json:"records"`
}

// Institution returns the public page of an active institution by USCC
// (normalised: full-width and lower-case letters are accepted).
func (s *Service) Institution(ctx context.Context, uscc string) (Institution, error) {
	var out Institution
	body, err := s.InstitutionJSON(ctx, uscc)
	if err == nil {
		err = json.Unmarshal(body, &out)
	}
	return out, err
}

// InstitutionJSON is Institution encoded as JSON, as GET
// /api/v1/public/institutions/{uscc} answers it: from the page cache if it
// is set. The bytes may be shared: the caller must not modify them.
func (s *Service) InstitutionJSON(ctx context.Context, uscc string) ([]byte, error) {
	code := strings.ReplaceAll(ident.NormalizeUSCC(uscc), " ", "")
	today := calendar.Current(s.Clock)
	var epoch uint64
	if s.Cache != nil {
		body, e, err := s.Cache.get(ctx, code, today)
		if body != nil || err != nil {
			return body, err
		}
		epoch = e
	}
	page, id, err := s.institution(ctx, code, today)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // as web.JSON writes every other answer
	if err := enc.Encode(page); err != nil {
		return nil, fmt.Errorf("publicquery: encode page: %w", err)
	}
	if s.Cache != nil {
		s.Cache.put(code, id, today, b.Bytes(), epoch)
	}
	return b.Bytes(), nil
}

// institution builds the public page of code on today from the database and
// returns it with the institution's id.
func (s *Service) institution(ctx context.Context, code string, today calendar.Date) (Institution, int64, error) {
	out, id, err := pageStore{s.DB}.institution(ctx, code)
	if err != nil {
		return out, 0, err
	}
	sanctions, err := credit.Restrictions(ctx, s.DB, id, today)
	if err != nil {
		return out, 0, err
	}
	out.Status = StatusActive
	out.Restrictions = []Restriction{}
	var banUntil, suspUntil calendar.Date
	for _, r := range sanctions {
		out.Restrictions = append(out.Restrictions, Restriction{Type: r.Type, Scope: r.Scope, StartsOn: r.StartsOn, EndsOn: r.EndsOn})
		switch {
		case r.Type == credit.SanctionBan && r.EndsOn.After(banUntil):
			banUntil = r.EndsOn
		case r.Type == credit.SanctionSuspension && r.EndsOn.After(suspUntil):
			suspUntil = r.EndsOn
		}
	}
	out.Status, out.StatusUntil = status(banUntil, suspUntil)
	out.Records, err = credit.PublishedRecords(ctx, s.DB, id, today)
	return out, id, err
}

// status is the derived public status: a ban outranks a suspension.
func status(banUntil, suspUntil calendar.Date) (string, calendar.Date) {
	switch {
	case !banUntil.IsZero():
		return StatusBanned, banUntil
	case !suspUntil.IsZero():
		return StatusSuspended, suspUntil
	}
	return StatusActive, calendar.Date{}
}

// Ban is one line of GET /api/v1/public/bans.
type Ban struct {
	Name       string        `json:"name"`
	USCC       string        `json:"uscc"`
	RegionCode string        `json:"region_code"`
	RegionName string        `json:"region_name"`
	Scope      string        `json:"scope"`
	StartsOn   calendar.Date `json:"starts_on"`
	EndsOn     calendar.Date `json:"ends_on"`
	Foreign    bool          `json:"foreign"` // recognised from another province
}

// Bans returns the ban list in force on day.
func (s *Service) Bans(ctx context.Context, day calendar.Date) ([]Ban, error) {
	list, err := credit.BanList(ctx, s.DB, day)
	if err != nil {
		return nil, err
	}
	out := make([]Ban, 0, len(list))
	for _, b := range list {
		out = append(out, Ban{Name: b.Name, USCC: b.USCC, RegionCode: b.RegionCode, RegionName: region.Default().FullName(b.RegionCode),
			Scope: b.Scope, StartsOn: b.StartsOn, EndsOn: b.EndsOn, Foreign: b.SourceKind == credit.SourceForeignBan})
	}
	return out, nil
}

// BansToday is Bans on the current date.
func (s *Service) BansToday(ctx context.Context) ([]Ban, error) {
	return s.Bans(ctx, calendar.Current(s.Clock))
}

// Head is the signed head of the credit ledger, for anyone to pin.
func (s *Service) Head(ctx context.Context) (ledger.HeadInfo, error) { return ledger.Head(ctx, s.DB) }
