// Package policy holds the rules with numbers (review deadlines, publication
// windows, grade bands, fee coefficients ...) as versioned data: per province,
// each value effective from a date. A new year's rules are rows, not a release.
// Where a province has set nothing, the key's declared default applies. Every
// key is declared once, in keys.go: its default, and its value's shape with
// units, ranges and labels (decl.go).
package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// Keys returns every known policy key, sorted.
func Keys() []string { return append([]string(nil), order...) }

// Default returns the built-in value of key.
func Default(key string) (json.RawMessage, bool) {
	d, ok := decls[key]
	return d.Default, ok
}

// ProvinceOf returns the province code ("430000") of any region code.
func ProvinceOf(regionCode string) string {
	if len(regionCode) < 2 {
		return "000000"
	}
	return regionCode[:2] + "0000"
}

// Get decodes into dst the value of key in force for the province of
// regionCode on date on: the latest version effective on or before that date,
// or the default.
func Get(ctx context.Context, q db.Queryer, regionCode, key string, on calendar.Date, dst any) error {
	if _, ok := decls[key]; !ok {
		return fmt.Errorf("policy: unknown key %q", key)
	}
	sub, args := ValueSQL(regionCode, key, on)
	var v *string
	if err := q.QueryRow(ctx, "SELECT "+sub, args...).Scan(&v); err != nil {
		return fmt.Errorf("policy: get %s: %w", key, err)
	}
	return Decode(key, v, dst)
}

// ValueSQL is Get as a scalar subquery, for a statement that reads a policy
// value beside other things in one round trip (a filing's approval): its
// value is the stored JSON, or NULL where the default applies; Decode turns
// it into the value. The arguments follow the subquery's placeholders.
func ValueSQL(regionCode, key string, on calendar.Date) (string, []any) {
	return `(SELECT value_json FROM policies WHERE province_code = ? AND key = ? AND effective_from <= ?
		ORDER BY effective_from DESC LIMIT 1)`, []any{ProvinceOf(regionCode), key, on}
}

// Decode decodes into dst a value read by ValueSQL: v, or key's default
// when v is nil.
func Decode(key string, v *string, dst any) error {
	d, ok := decls[key]
	if !ok {
		return fmt.Errorf("policy: unknown key %q", key)
	}
	raw := d.Default
	if v != nil {
		raw = json.RawMessage(*v)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("policy: decode %s: %w", key, err)
	}
	return nil
}

// Int returns an integer policy value.
func Int(ctx context.Context, q db.Queryer, regionCode, key string, on calendar.Date) (int, error) {
	var n int
	err := Get(ctx, q, regionCode, key, on, &n)
	return n, err
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

// Set stores a new version of key for the actor's province, effective from
// date from. The value must have the key's declared shape; its ranges and
// rules (Decl.Check) are not enforced yet.
func Set(ctx context.Context, d *db.DB, a *auth.Actor, now time.Time, key string, value json.RawMessage, from calendar.Date, note string) (int64, error) {
	if err := a.Require("policy.manage"); err != nil {
		return 0, err
	}
	k, ok := decls[key]
	if !ok {
		return 0, apperr.InvalidField("key", "field.policy_key")
	}
	if !k.fits(value) {
		return 0, apperr.InvalidField("value", "field.policy_value")
	}
	if from.IsZero() {
		return 0, apperr.InvalidField("effective_from", "field.required")
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, value); err != nil {
		return 0, apperr.InvalidField("value", "field.policy_value")
	}
	province := ProvinceOf(a.RegionCode)
	var id int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO policies (province_code, key, value_json, effective_from, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			province, key, compact.String(), from, note, a.UserID, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "policy.set", "policy", id, province, nil, map[string]any{"key": key, "value": value, "effective_from": from})
	})
	return id, err
}

// History returns the stored versions of key for a province, newest first.
func History(ctx context.Context, q db.Queryer, province, key string) ([]Version, error) {
	rows, err := q.Query(ctx, `SELECT id, province_code, key, value_json, effective_from, note, created_at FROM policies
		WHERE province_code = ? AND key = ? ORDER BY effective_from DESC`, province, key)
	if err != nil {
		return nil, fmt.Errorf("policy: history: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var raw string
		if err := rows.Scan(&v.ID, &v.ProvinceCode, &v.Key, &raw, &v.EffectiveFrom, &v.Note, &v.CreatedAt); err != nil {
			return nil, err
		}
		v.Value = json.RawMessage(raw)
		out = append(out, v)
	}
	return out, rows.Err()
}
