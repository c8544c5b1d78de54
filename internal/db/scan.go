package db

import (
	"context"
	"fmt"
)

// Scanner is what a row offers to a scan function: *sql.Rows and *Row.
type Scanner interface{ Scan(dest ...any) error }

// List runs a query and scans every row with scan, so that a store's list
// is its SQL and one scan function (shared with its single-row get) rather
// than a loop of its own. The list is never nil. what names the query in
// errors ("credit: records").
func List[T any](ctx context.Context, q Queryer, what string, scan func(Scanner) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, mapErr(err))
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, mapErr(err))
	}
	return out, nil
}

// IDs runs a query whose rows are one integer column (ids, mostly).
func IDs(ctx context.Context, q Queryer, what string, sql string, args ...any) ([]int64, error) {
	return column[int64](ctx, q, what, sql, args...)
}

// Strings runs a query whose rows are one text column.
func Strings(ctx context.Context, q Queryer, what string, sql string, args ...any) ([]string, error) {
	return column[string](ctx, q, what, sql, args...)
}

// column runs a query whose rows are one column of type T.
func column[T any](ctx context.Context, q Queryer, what string, sql string, args ...any) ([]T, error) {
	return List(ctx, q, what, func(s Scanner) (T, error) {
		var v T
		err := s.Scan(&v)
		return v, err
	}, sql, args...)
}

// Counts runs a query whose rows are a key and a count (`SELECT k,
// COUNT(*) ... GROUP BY k`) and returns the counts by key; a key without a
// row counts zero. The map is never nil.
func Counts[K comparable](ctx context.Context, q Queryer, what string, sql string, args ...any) (map[K]int, error) {
	type count struct {
		k K
		n int
	}
	rows, err := List(ctx, q, what, func(s Scanner) (count, error) {
		var c count
		err := s.Scan(&c.k, &c.n)
		return c, err
	}, sql, args...)
	out := make(map[K]int, len(rows))
	for _, c := range rows {
		out[c.k] = c.n
	}
	return out, err
}
