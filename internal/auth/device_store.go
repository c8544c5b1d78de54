package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"evalcred/internal/db"
)

// A known device is a browser that has logged in to an account before. Its
// cookie carries one random token per account (only their hashes are
// stored), so that a shared browser stays known to each of its accounts
// and a token planted from one account says nothing about another.
const (
	// DeviceKept is how long a device stays known without a login.
	DeviceKept = 180 * 24 * time.Hour
	// maxDeviceTokens caps the accounts one browser is remembered for.
	maxDeviceTokens = 5
	deviceSep       = "."
)

// deviceTokens splits a cookie's value into its tokens, dropping any that
// is not one of ours.
func deviceTokens(cookie string) []string {
	var out []string
	for _, t := range strings.Split(cookie, deviceSep) {
		if len(t) == 43 && strings.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == "" {
			out = append(out, t)
		}
		if len(out) == maxDeviceTokens {
			break
		}
	}
	return out
}

// deviceStore holds every query of known devices.
type deviceStore struct{ q db.Queryer }

// known returns which of tokens belongs to the account userID on a device
// used since a time, or "".
func (s deviceStore) known(ctx context.Context, userID int64, tokens []string, since time.Time) (string, error) {
	if len(tokens) == 0 {
		return "", nil
	}
	hashes := make([]any, 0, len(tokens)+2)
	byHash := map[string]string{}
	for _, t := range tokens {
		h := hashToken(t)
		byHash[h] = t
		hashes = append(hashes, h)
	}
	var h string
	err := s.q.QueryRow(ctx, "SELECT token_hash FROM login_devices WHERE user_id = ? AND last_used_at > ? AND token_hash IN ("+db.In(len(tokens))+")",
		append([]any{userID, since}, hashes...)...).Scan(&h)
	if db.IsNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("auth: known device: %w", err)
	}
	return byHash[h], nil
}

// add remembers a new token of the account userID.
func (s deviceStore) add(ctx context.Context, userID int64, token string, now time.Time) error {
	_, err := s.q.Exec(ctx, "INSERT INTO login_devices (token_hash, user_id, created_at, last_used_at) VALUES (?, ?, ?, ?)", hashToken(token), userID, now, now)
	return err
}

// touch notes that the device of token logged in again.
func (s deviceStore) touch(ctx context.Context, token string, now time.Time) error {
	_, err := s.q.Exec(ctx, "UPDATE login_devices SET last_used_at = ? WHERE token_hash = ?", now, hashToken(token))
	return err
}

// purge forgets the devices unused since before.
func (s deviceStore) purge(ctx context.Context, before time.Time) error {
	_, err := s.q.Exec(ctx, "DELETE FROM login_devices WHERE last_used_at < ?", before)
	return err
}
