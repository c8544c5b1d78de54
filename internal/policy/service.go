package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// Service keeps a province's policy versions for its administrators
// (permission policy.manage).
type Service struct {
	DB    *db.DB
	Clock clock.Clock
}

// Version is one stored value of a key.
type Version struct {
	ID            int64           `json:"id"`
	ProvinceCode  string          `json:"province_code"`
	Key           string          `json:"key"`
	Value         json.RawMessage `json:"value"`
	EffectiveFrom calendar.Date   `json:"effective_from"`
	Note          string          `json:"note"`
	CreatedAt     time.Time       `json:"created_at"`
}

// Entry is a key as it stands on a date for a province: the value in force,
// where it comes from, and the built-in default beside it.
type Entry struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
	// EffectiveFrom is the date the value in force took effect; zero for the default.
	EffectiveFrom calendar.Date   `json:"effective_from"`
	Default       json.RawMessage `json:"default"`
	// Scheduled is a later version already adopted, if any.
	Scheduled *Version `json:"scheduled,omitempty"`
}

// Current lists every key as it stands on date on for the actor's province.
func (s *Service) Current(ctx context.Context, a *auth.Actor, on calendar.Date) ([]Entry, error) {
	if err := a.Require("policy.manage"); err != nil {
		return nil, err
	}
	versions, err := versionStore{s.DB}.province(ctx, ProvinceOf(a.RegionCode))
	if err != nil {
		return nil, err
	}
	byKey := map[string][]Version{}
	for _, v := range versions {
		byKey[v.Key] = append(byKey[v.Key], v)
	}
	out := make([]Entry, 0, len(order))
	for _, k := range order {
		def := decls[k].Default
		e := Entry{Key: k, Value: def, Default: def}
		for _, v := range byKey[k] { // ascending by date
			if v.EffectiveFrom.After(on) {
				e.Scheduled = &v
				break
			}
			e.Value, e.EffectiveFrom = v.Value, v.EffectiveFrom
		}
		out = append(out, e)
	}
	return out, nil
}

// History returns the stored versions of key for the actor's province,
// newest first.
func (s *Service) History(ctx context.Context, a *auth.Actor, key string) ([]Version, error) {
	if err := a.Require("policy.manage"); err != nil {
		return nil, err
	}
	if _, ok := decls[key]; !ok {
		return nil, apperr.NotFoundf("policy")
	}
	return versionStore{s.DB}.history(ctx, ProvinceOf(a.RegionCode), key)
}

// Input adopts a new version of a key for the actor's province.
type Input struct {
	Key           string          `json:"key"`
	Value         json.RawMessage `json:"value"`
	EffectiveFrom calendar.Date   `json:"effective_from"`
	Note          string          `json:"note"`
}

// Set stores a new version of a key for the actor's province, effective
// from in.EffectiveFrom, and returns its id. The value must have the key's
// declared shape; its ranges and rules (Decl.Check) are not enforced yet.
func (s *Service) Set(ctx context.Context, a *auth.Actor, in Input) (int64, error) {
	if err := a.Require("policy.manage"); err != nil {
		return 0, err
	}
	d, ok := decls[in.Key]
	if !ok {
		return 0, apperr.InvalidField("key", "field.policy_key")
	}
	if !d.fits(in.Value) {
		return 0, apperr.InvalidField("value", "field.policy_value")
	}
	if in.EffectiveFrom.IsZero() {
		return 0, apperr.InvalidField("effective_from", "field.required")
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, in.Value); err != nil {
		return 0, apperr.InvalidField("value", "field.policy_value")
	}
	province, now := ProvinceOf(a.RegionCode), s.Clock.Now()
	var id int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = versionStore{tx}.add(ctx, province, in.Key, compact.String(), in.EffectiveFrom, in.Note, a.UserID, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "policy.set", "policy", id, province, nil,
			map[string]any{"key": in.Key, "value": in.Value, "effective_from": in.EffectiveFrom})
	})
	return id, err
}
