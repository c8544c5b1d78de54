package credit

import (
	"context"
	"fmt"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/privacy"
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
	c, args := publishedSQL("r", day)
	rows, err := q.Query(ctx, `SELECT r.id, r.kind, r.severity, r.category, r.facts, r.basis, r.proposer_region, r.effective_on, r.publish_until
		FROM credit_records r WHERE r.institution_id = ? AND `+c+` ORDER BY r.effective_on DESC, r.id DESC`, append([]any{institutionID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("credit: published records: %w", err)
	}
	defer rows.Close()
	out := []PublicRecord{}
	for rows.Next() {
		var r PublicRecord
		if err := rows.Scan(&r.ID, &r.Kind, &r.Severity, &r.Category, &r.Facts, &r.Basis, &r.IssuedBy, &r.EffectiveOn, &r.PublishUntil); err != nil {
			return nil, err
		}
		// Records written before the guard of privacy.Check may carry
		// personal data: the public never sees it.
		r.Facts, r.Basis = privacy.Mask(r.Facts), privacy.Mask(r.Basis)
		out = append(out, r)
	}
	return out, rows.Err()
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

// BanList returns every ban in force on day, latest end first.
func BanList(ctx context.Context, q db.Queryer, day calendar.Date) ([]BanEntry, error) {
	c, args := inForceSQL("s", day)
	rows, err := q.Query(ctx, `SELECT i.id, i.name, i.uscc, i.region_code, s.id, s.scope, s.starts_on, s.ends_on, s.source_kind
		FROM sanctions s JOIN institutions i ON i.id = s.institution_id WHERE s.type = 'ban' AND `+c+` ORDER BY s.ends_on DESC, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("credit: ban list: %w", err)
	}
	defer rows.Close()
	out := []BanEntry{}
	for rows.Next() {
		var b BanEntry
		if err := rows.Scan(&b.InstitutionID, &b.Name, &b.USCC, &b.RegionCode, &b.SanctionID, &b.Scope, &b.StartsOn, &b.EndsOn, &b.SourceKind); err != nil {
			return nil, err
		}
		b.Name = privacy.Mask(b.Name)
		out = append(out, b)
	}
	return out, rows.Err()
}
