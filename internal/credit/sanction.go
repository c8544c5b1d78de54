package credit

import (
	"context"
	"slices"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/policy"
	"evalcred/internal/region"
)

// SanctionInput is a sanction imposed by any part of the platform: a credit
// record, an assessment consequence, another province's ban.
type SanctionInput struct {
	InstitutionID int64
	Type          string // warning, correction, suspension, ban
	StartsOn      calendar.Date
	EndsOn        calendar.Date
	Scope         string // province, all_levels
	SourceKind    string // credit_record, assessment, foreign_ban
	SourceID      int64
	Reason        string
	CreatedBy     int64 // user id, 0 for the system
}

// Sanction is a sanction as shown to officials and the public.
type Sanction struct {
	ID            int64         `json:"id"`
	InstitutionID int64         `json:"institution_id"`
	Type          string        `json:"type"`
	Scope         string        `json:"scope"`
	StartsOn      calendar.Date `json:"starts_on"`
	EndsOn        calendar.Date `json:"ends_on"`
	LiftedOn      calendar.Date `json:"lifted_on"`
	SourceKind    string        `json:"source_kind"`
	SourceID      int64         `json:"source_id"`
	Reason        string        `json:"reason"`
}

func (r *sanctionRow) view() Sanction {
	return Sanction{ID: r.ID, InstitutionID: r.InstitutionID, Type: r.Type, Scope: r.Scope, StartsOn: r.StartsOn, EndsOn: r.EndsOn,
		LiftedOn: r.LiftedOn, SourceKind: r.SourceKind, SourceID: r.SourceID, Reason: r.Reason}
}

// ImposeSanction records a sanction inside the caller's transaction, so the
// assessment part can impose its consequences atomically with its own
// writes. It is idempotent by (source kind, source id, institution, type):
// running it again returns the existing sanction's id and changes nothing.
// A sanction from a credit record is in force only while that record counts
// (effective, not void, not repaired); every sanction ends on its end date.
func (s *Service) ImposeSanction(ctx context.Context, tx *db.Tx, in SanctionInput) (int64, error) {
	var f apperr.Fields
	validateSanction(&f, "", in.Type, in.Scope, in.StartsOn, in.EndsOn)
	if !slices.Contains([]string{SourceCreditRecord, SourceAssessment, SourceForeignBan}, in.SourceKind) {
		f.Add("source_kind", "credit.field.source_kind")
	}
	if in.SourceID <= 0 {
		f.Add("source_id", "field.required")
	}
	if in.InstitutionID <= 0 {
		f.Add("institution_id", "field.required")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	now := clock.Stamp(s.Clock)
	id, inserted, err := sanctionStore{tx}.insert(ctx, in, now)
	if err != nil || !inserted {
		return id, err
	}
	row, err := s.logSanction(ctx, tx, "sanction_imposed", id)
	if err != nil {
		return 0, err
	}
	if err := audit.Record(ctx, tx, audit.Who{}, now, "credit.sanction_imposed", "sanction", id, "", nil, row); err != nil {
		return 0, err
	}
	if s.Notify == nil {
		return id, nil
	}
	link := "" // only a credit record has a page of its own to link to
	if in.SourceKind == SourceCreditRecord {
		link = recordLink(in.SourceID)
	}
	return id, s.Notify.ToInstitution(ctx, tx, now, in.InstitutionID, "notice.credit_sanction_imposed", link, in.Type, in.StartsOn.String(), in.EndsOn.String())
}

// Restrictions returns the sanctions in force for an institution on day,
// the longest first.
func Restrictions(ctx context.Context, q db.Queryer, institutionID int64, day calendar.Date) ([]Sanction, error) {
	return sanctionStore{q}.inForce(ctx, institutionID, day)
}

// ForeignBanInput records a ban imposed by another province.
type ForeignBanInput struct {
	InstitutionID int64         `json:"institution_id"`
	Province      string        `json:"province"`
	StartsOn      calendar.Date `json:"starts_on"`
	EndsOn        calendar.Date `json:"ends_on"`
	Public        bool          `json:"public"`
	Reference     string        `json:"reference"`
}

// ForeignBanResult says whether the ban was recognised (and so imposed here).
type ForeignBanResult struct {
	ID         int64 `json:"id"`
	Recognised bool  `json:"recognised"`
	SanctionID int64 `json:"sanction_id,omitempty"`
}

// RecordForeignBan records another province's ban and, when the rule of
// credit.foreign_ban_recognition accepts it (default: at least 366 days and
// published), imposes it here as a ban. Needs credit.propose.
func (s *Service) RecordForeignBan(ctx context.Context, a *auth.Actor, in ForeignBanInput) (ForeignBanResult, error) {
	if err := a.Require("credit.propose"); err != nil {
		return ForeignBanResult{}, err
	}
	var f apperr.Fields
	if r, ok := region.Default().Lookup(in.Province); !ok || r.Level != region.Province {
		f.Add("province", "credit.field.province")
	}
	validateSanction(&f, "", SanctionBan, ScopeProvince, in.StartsOn, in.EndsOn)
	if err := f.Err(); err != nil {
		return ForeignBanResult{}, err
	}
	var res ForeignBanResult
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		inst, err := institutionStore{tx}.scoped(ctx, a.Scope(), in.InstitutionID)
		if err != nil {
			return err
		}
		if policy.ProvinceOf(inst.RegionCode) == in.Province {
			return apperr.InvalidField("province", "credit.field.province_own")
		}
		var rule struct {
			MinDays       int  `json:"min_days"`
			RequirePublic bool `json:"require_public"`
		}
		if err := policy.Get(ctx, tx, inst.RegionCode, "credit.foreign_ban_recognition", calendar.Current(s.Clock), &rule); err != nil {
			return err
		}
		length := in.StartsOn.DaysUntil(in.EndsOn) + 1
		res.Recognised = length >= rule.MinDays && (in.Public || !rule.RequirePublic)
		sanctions := sanctionStore{tx}
		if res.ID, err = sanctions.insertForeignBan(ctx, inst.ID, in, res.Recognised, a.UserID, clock.Stamp(s.Clock)); err != nil {
			return err
		}
		if res.Recognised {
			res.SanctionID, err = s.ImposeSanction(ctx, tx, SanctionInput{InstitutionID: inst.ID, Type: SanctionBan, StartsOn: in.StartsOn, EndsOn: in.EndsOn,
				Scope: ScopeProvince, SourceKind: SourceForeignBan, SourceID: res.ID, Reason: in.Reference, CreatedBy: a.UserID})
			if err != nil {
				return err
			}
			if err := sanctions.linkForeignBan(ctx, res.ID, res.SanctionID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, a.Who(), clock.Stamp(s.Clock), "credit.foreign_ban_recorded", "foreign_ban", res.ID, inst.RegionCode, nil, in)
	})
	return res, err
}
