package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// versionStore holds every query of the policies table: the stored
// versions of keys, per province.
type versionStore struct{ q db.Queryer }

// ValueSQL is Get as a scalar subquery, for a statement that reads a policy
// value beside other things in one round trip (a filing's approval): its
// value is the stored JSON, or NULL where the default applies; Decode turns
// it into the value. The arguments follow the subquery's placeholders.
func ValueSQL(regionCode, key string, on calendar.Date) (string, []any) {
	return `(SELECT value_json FROM policies WHERE province_code = ? AND key = ? AND effective_from <= ?
		ORDER BY effective_from DESC LIMIT 1)`, []any{ProvinceOf(regionCode), key, on}
}

// value is the stored JSON of key in force on date on, nil for the default.
func (s versionStore) value(ctx context.Context, regionCode, key string, on calendar.Date) (*string, error) {
	sub, args := ValueSQL(regionCode, key, on)
	var v *string
	if err := s.q.QueryRow(ctx, "SELECT "+sub, args...).Scan(&v); err != nil {
		return nil, fmt.Errorf("policy: get %s: %w", key, err)
	}
	return v, nil
}

// add stores a version and returns its id.
func (s versionStore) add(ctx context.Context, province, key, value string, from calendar.Date, note string, by int64, at time.Time) (int64, error) {
	return s.q.Insert(ctx, `INSERT INTO policies (province_code, key, value_json, effective_from, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		province, key, value, from, note, by, at)
}

// history lists a key's versions in a province, newest first.
func (s versionStore) history(ctx context.Context, province, key string) ([]Version, error) {
	return db.List(ctx, s.q, "policy: history", scanVersion, `SELECT id, province_code, key, value_json, effective_from, note, created_at FROM policies
		WHERE province_code = ? AND key = ? ORDER BY effective_from DESC`, province, key)
}

// province lists every version of a province, by key, oldest first.
func (s versionStore) province(ctx context.Context, province string) ([]Version, error) {
	return db.List(ctx, s.q, "policy: versions", scanVersion, `SELECT id, province_code, key, value_json, effective_from, note, created_at FROM policies
		WHERE province_code = ? ORDER BY key, effective_from`, province)
}

func scanVersion(r db.Scanner) (Version, error) {
	var v Version
	var raw string
	err := r.Scan(&v.ID, &v.ProvinceCode, &v.Key, &raw, &v.EffectiveFrom, &v.Note, &v.CreatedAt)
	v.Value = json.RawMessage(raw)
	return v, err
}
