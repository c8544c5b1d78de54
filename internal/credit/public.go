package credit

import (
	"context"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// PublicRecord is a published credit record as anyone may read it: no person,
// no evidence, nothing but what the publication rules put in public.
type PublicRecord struct {
	ID           int64         `json:"id"`
	Kind         string        `json:"kind"`
	Severity     string        `json:"severity"`
	Category     string        `json:"category"`
	Facts        string        `json:"facts"`
	Basis        string        `json:"basis"`
	IssuedBy     string        `json:"issued_by"` // region code of the issuing department
	EffectiveOn  calendar.Date `json:"effective_on"`
	PublishUntil calendar.Date `json:"publish_until"`
}

// PublishedRecords returns the institution's records inside their
// publication window on day (never void, repaired, objected or minor ones),
// newest first.
func PublishedRecords(ctx context.Context, q db.Queryer, institutionID int64, day calendar.Date) ([]PublicRecord, error) {
	return recordStore{q}.published(ctx, institutionID, day)
}

// BanEntry is one line of the public ban list.
type BanEntry struct {
	InstitutionID int64         `json:"institution_id"`
	Name          string        `json:"name"`
	USCC          string        `json:"uscc"`
	RegionCode    string        `json:"region_code"`
	SanctionID    int64         `json:"sanction_id"`
	Scope         string        `json:"scope"`
	StartsOn      calendar.Date `json:"starts_on"`
	EndsOn        calendar.Date `json:"ends_on"`
	SourceKind    string        `json:"source_kind"`
}

// BanList returns every ban in force on day, latest end first; the
// institution's name is masked like every public text.
func BanList(ctx context.Context, q db.Queryer, day calendar.Date) ([]BanEntry, error) {
	return sanctionStore{q}.bans(ctx, day)
}
