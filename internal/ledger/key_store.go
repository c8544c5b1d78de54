package ledger

import (
	"context"
	"fmt"

	"evalcred/internal/db"
)

// pinStore holds the queries of the pinned key (ledger_head.pinned_key).
type pinStore struct{ q db.Queryer }

// pinned returns the pinned public key (base64), "" before the first use.
func (s pinStore) pinned(ctx context.Context) (string, error) {
	var k string
	if err := s.q.QueryRow(ctx, "SELECT pinned_key FROM ledger_head WHERE id = 1").Scan(&k); err != nil {
		return "", fmt.Errorf("ledger: pinned key: %w", err)
	}
	return k, nil
}

// pinIfUnset pins pub when no key is pinned yet; the caller reads the pin
// again to learn which key won.
func (s pinStore) pinIfUnset(ctx context.Context, pub string) error {
	if _, err := s.q.Exec(ctx, "UPDATE ledger_head SET pinned_key = ? WHERE id = 1 AND pinned_key = ''", pub); err != nil {
		return fmt.Errorf("ledger: pin key: %w", err)
	}
	return nil
}

// repin moves the pin and the head's signature to a new key, after the
// rotation entry at seq.
func (s pinStore) repin(ctx context.Context, seq int64, pub, sig string) error {
	if err := s.q.Update(ctx, "UPDATE ledger_head SET pinned_key = ?, public_key = ?, signature = ? WHERE id = 1 AND seq = ?", pub, pub, sig, seq); err != nil {
		return fmt.Errorf("ledger: move pin: %w", err)
	}
	return nil
}
