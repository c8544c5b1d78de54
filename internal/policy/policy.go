// Package policy holds the rules with numbers (review deadlines, publication
// windows, grade bands, fee coefficients ...) as versioned data: per province,
// each value effective from a date. A new year's rules are rows, not a release.
// Where a province has set nothing, the key's declared default applies. Every
// key is declared once, in keys.go: its default, and its value's shape with
// units, ranges and labels (decl.go).
//
// Other packages read values with Get and Int, or beside a statement of their
// own with ValueSQL and Decode; the policy pages go through Service.
package policy

import (
	"context"
	"encoding/json"
	"fmt"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// Keys returns every known policy key, sorted.
func Keys() []string { return append([]string(nil), order...) }

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
	v, err := versionStore{q}.value(ctx, regionCode, key, on)
	if err != nil {
		return err
	}
	return Decode(key, v, dst)
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
