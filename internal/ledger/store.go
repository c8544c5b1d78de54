package ledger

import (
	"context"
	"encoding/json"
	"fmt"

	"evalcred/internal/db"
)

// chainStore holds every query of the ledger: its entries and its head.
type chainStore struct{ q db.Queryer }

// lockHead reads the head's seq and hash and, inside a transaction on
// PostgreSQL, locks it until the transaction ends (SQLite has a single
// writer already), so that appends follow one another.
func (s chainStore) lockHead(ctx context.Context) (seq int64, hash string, err error) {
	if err := s.q.QueryRow(ctx, "SELECT seq, hash FROM ledger_head WHERE id = 1"+s.q.ForUpdate()).Scan(&seq, &hash); err != nil {
		return 0, "", fmt.Errorf("ledger: read head: %w", err)
	}
	return seq, hash, nil
}

// add inserts an entry.
func (s chainStore) add(ctx context.Context, en Entry) error {
	if _, err := s.q.Exec(ctx, `INSERT INTO ledger_entries (seq, at, kind, subject, subject_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		en.Seq, en.At, en.Kind, en.Subject, en.SubjectID, string(en.Payload), en.PrevHash, en.Hash); err != nil {
		return fmt.Errorf("ledger: append: %w", err)
	}
	return nil
}

// moveHead points the head at en with its signature, if it still names
// entry from (ErrStale otherwise).
func (s chainStore) moveHead(ctx context.Context, en Entry, signature, publicKey string, from int64) error {
	if err := s.q.Update(ctx, `UPDATE ledger_head SET seq = ?, hash = ?, signature = ?, public_key = ?, signed_at = ? WHERE id = 1 AND seq = ?`,
		en.Seq, en.Hash, signature, publicKey, en.At, from); err != nil {
		return fmt.Errorf("ledger: move head: %w", err)
	}
	return nil
}

// head reads the signed head.
func (s chainStore) head(ctx context.Context) (HeadInfo, error) {
	var h HeadInfo
	err := s.q.QueryRow(ctx, "SELECT seq, hash, signature, public_key FROM ledger_head WHERE id = 1").Scan(&h.Seq, &h.Hash, &h.Signature, &h.PublicKey)
	if err != nil {
		return h, fmt.Errorf("ledger: head: %w", err)
	}
	return h, nil
}

// of lists the entries about one subject, oldest first.
func (s chainStore) of(ctx context.Context, subject string, id int64) ([]Entry, error) {
	return db.List(ctx, s.q, "ledger: entries", scanEntry, `SELECT seq, at, kind, subject, subject_id, payload, prev_hash, hash FROM ledger_entries
		WHERE subject = ? AND subject_id = ? ORDER BY seq`, subject, id)
}

// each calls fn with every entry in seq order, reading them as it goes
// (the chain is too long to hold at once).
func (s chainStore) each(ctx context.Context, fn func(Entry)) error {
	rows, err := s.q.Query(ctx, `SELECT seq, at, kind, subject, subject_id, payload, prev_hash, hash FROM ledger_entries ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("ledger: verify: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return fmt.Errorf("ledger: scan: %w", err)
		}
		fn(e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ledger: verify: %w", err)
	}
	return nil
}

func scanEntry(s db.Scanner) (Entry, error) {
	var e Entry
	var payload string
	if err := s.Scan(&e.Seq, &e.At, &e.Kind, &e.Subject, &e.SubjectID, &payload, &e.PrevHash, &e.Hash); err != nil {
		return e, err
	}
	e.At = e.At.UTC()
	e.Payload = json.RawMessage(payload)
	return e, nil
}
