package calendar

import (
	"bytes"
	"database/sql/driver"
	"fmt"
	"time"
)

// Scan implements sql.Scanner. It accepts the forms drivers produce for a
// DATE or TEXT column: "2006-01-02" text (a longer timestamp text is cut to
// its date part, as SQLite may store one), and time.Time (PostgreSQL DATE,
// or SQLite columns declared DATE), whose own calendar fields are used
// because a driver hands a DATE back as midnight UTC. NULL gives the zero
// Date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = dateOfFields(v)
		return nil
	case []byte:
		return d.scanText(string(v))
	case string:
		return d.scanText(v)
	default:
		return fmt.Errorf("calendar: cannot scan %T into Date", src)
	}
}

func (d *Date) scanText(s string) error {
	if s == "" {
		*d = Date{}
		return nil
	}
	if len(s) > len(layout) && (s[len(layout)] == 'T' || s[len(layout)] == ' ') {
		s = s[:len(layout)]
	}
	p, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("calendar: scan: %w", err)
	}
	*d = p
	return nil
}

// Value implements driver.Valuer: "2006-01-02" text, which both SQLite and
// PostgreSQL compare and index correctly, or NULL for the zero Date.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// MarshalJSON encodes "2006-01-02", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON accepts "2006-01-02", "" and null (both the zero Date).
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("calendar: date must be a JSON string, got %s", b)
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}

// MarshalText encodes "2006-01-02", or "" for the zero Date, so that a Date
// works in form values, query strings and map keys.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText accepts "2006-01-02", and "" as the zero Date (an empty
// form field).
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	*d = p
	return nil
}
