package policy

import (
	"context"
	"encoding/json"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

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
func Current(ctx context.Context, q db.Queryer, a *auth.Actor, on calendar.Date) ([]Entry, error) {
	if err := a.Require("policy.manage"); err != nil {
		return nil, err
	}
	province := ProvinceOf(a.RegionCode)
	rows, err := q.Query(ctx, `SELECT id, province_code, key, value_json, effective_from, note, created_at FROM policies
		WHERE province_code = ? ORDER BY key, effective_from`, province)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKey := map[string][]Version{}
	for rows.Next() {
		var v Version
		var raw string
		if err := rows.Scan(&v.ID, &v.ProvinceCode, &v.Key, &raw, &v.EffectiveFrom, &v.Note, &v.CreatedAt); err != nil {
			return nil, err
		}
		v.Value = json.RawMessage(raw)
		byKey[v.Key] = append(byKey[v.Key], v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(order))
	for _, k := range Keys() {
		def := decls[k].Default
		e := Entry{Key: k, Value: def, Default: def}
		for _, v := range byKey[k] { // ascending by date
			if v.EffectiveFrom.After(on) {
				v := v
				e.Scheduled = &v
				break
			}
			e.Value, e.EffectiveFrom = v.Value, v.EffectiveFrom
		}
		out = append(out, e)
	}
	return out, nil
}

// ProvinceHistory is History for the actor's province, with the permission check.
func ProvinceHistory(ctx context.Context, q db.Queryer, a *auth.Actor, key string) ([]Version, error) {
	if err := a.Require("policy.manage"); err != nil {
		return nil, err
	}
	if _, ok := decls[key]; !ok {
		return nil, apperr.NotFoundf("policy")
	}
	return History(ctx, q, ProvinceOf(a.RegionCode), key)
}
