// Package ledger keeps the credit ledger: every credit event is appended, in
// the transaction that causes it, to one hash chain whose entries carry the
// affected row exactly as stored. The head (latest seq and hash) is signed
// with Ed25519, so the public can pin it, and Verify recomputes the chain and
// compares each subject's latest entry with its current row: a change made
// behind the platform's back (a direct UPDATE) shows up as a mismatch.
package ledger

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"evalcred/internal/db"
)

// Event is what a service appends.
type Event struct {
	At        time.Time
	Kind      string // proposed, objected, objection_decided, effective, published, ...
	Subject   string // the table the payload is a row of, e.g. "credit_record"
	SubjectID int64
	// Payload is the subject's row as stored, in a canonical JSON form that the
	// Current function given to Verify reproduces from the database.
	Payload json.RawMessage
}

// Entry is one link of the chain.
type Entry struct {
	Seq       int64           `json:"seq"`
	At        time.Time       `json:"at"`
	Kind      string          `json:"kind"`
	Subject   string          `json:"subject"`
	SubjectID int64           `json:"subject_id"`
	Payload   json.RawMessage `json:"payload"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// Ledger appends to the chain and signs its head.
type Ledger struct {
	key ed25519.PrivateKey
}

// New returns a ledger signing with key.
func New(key ed25519.PrivateKey) *Ledger { return &Ledger{key: key} }

// PublicKey is the key that verifies the head's signature.
func (l *Ledger) PublicKey() ed25519.PublicKey { return l.key.Public().(ed25519.PublicKey) }

// Append adds e to the chain inside tx and re-signs the head. Appends
// serialise: on PostgreSQL the head row is locked (SELECT ... FOR UPDATE)
// until tx ends; SQLite has a single writer already.
func (l *Ledger) Append(ctx context.Context, tx *db.Tx, e Event) (Entry, error) {
	q := "SELECT seq, hash, pinned_key FROM ledger_head WHERE id = 1"
	if tx.Dialect() == db.Postgres {
		q += " FOR UPDATE"
	}
	var seq int64
	var prev, pinned string
	if err := tx.QueryRow(ctx, q).Scan(&seq, &prev, &pinned); err != nil {
		return Entry{}, fmt.Errorf("ledger: read head: %w", err)
	}
	// The first append pins the key; a key other than the pinned one (a
	// server not restarted after a rotation) does not sign.
	pub := EncodePublic(l.PublicKey())
	if err := checkPin(pinned, pub); err != nil {
		return Entry{}, err
	}
	var payload bytes.Buffer
	if err := json.Compact(&payload, e.Payload); err != nil {
		return Entry{}, fmt.Errorf("ledger: payload of %s %d: %w", e.Subject, e.SubjectID, err)
	}
	en := Entry{Seq: seq + 1, At: e.At.UTC().Truncate(time.Microsecond), Kind: e.Kind, Subject: e.Subject,
		SubjectID: e.SubjectID, Payload: payload.Bytes(), PrevHash: prev}
	en.Hash = Hash(en)
	if _, err := tx.Exec(ctx, `INSERT INTO ledger_entries (seq, at, kind, subject, subject_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		en.Seq, en.At, en.Kind, en.Subject, en.SubjectID, string(en.Payload), en.PrevHash, en.Hash); err != nil {
		return Entry{}, fmt.Errorf("ledger: append: %w", err)
	}
	sig := ed25519.Sign(l.key, headMessage(en.Seq, en.Hash))
	if err := tx.Update(ctx, `UPDATE ledger_head SET seq = ?, hash = ?, signature = ?, public_key = ?, signed_at = ?, pinned_key = ? WHERE id = 1 AND seq = ?`,
		en.Seq, en.Hash, encodeSig(sig), pub, en.At, pub, seq); err != nil {
		return Entry{}, fmt.Errorf("ledger: move head: %w", err)
	}
	return en, nil
}

// Hash is SHA-256 over the previous hash and the entry's canonical bytes, hex.
func Hash(e Entry) string {
	h := sha256.New()
	h.Write([]byte(e.PrevHash))
	h.Write(canonical(e))
	return hex.EncodeToString(h.Sum(nil))
}

// canonical is the entry as hashed: fixed fields one per line, the compact
// payload last so that no field can bleed into another.
func canonical(e Entry) []byte {
	var b bytes.Buffer
	b.WriteString(strconv.FormatInt(e.Seq, 10) + "\n")
	b.WriteString(e.At.UTC().Format("2006-01-02T15:04:05.000000Z") + "\n")
	b.WriteString(e.Kind + "\n" + e.Subject + "\n" + strconv.FormatInt(e.SubjectID, 10) + "\n")
	b.Write(e.Payload)
	return b.Bytes()
}

// headMessage is what the head signature covers.
func headMessage(seq int64, hash string) []byte {
	return []byte("evalcred-ledger-head:" + strconv.FormatInt(seq, 10) + ":" + hash)
}

// HeadInfo is the signed head, for the public site.
type HeadInfo struct {
	Seq       int64  `json:"seq"`
	Hash      string `json:"hash"`
	Signature string `json:"signature"`  // base64 Ed25519 over "evalcred-ledger-head:<seq>:<hash>"
	PublicKey string `json:"public_key"` // base64
}

// Head returns the latest seq and hash with their signature.
func Head(ctx context.Context, q db.Queryer) (HeadInfo, error) {
	var h HeadInfo
	err := q.QueryRow(ctx, "SELECT seq, hash, signature, public_key FROM ledger_head WHERE id = 1").Scan(&h.Seq, &h.Hash, &h.Signature, &h.PublicKey)
	if err != nil {
		return h, fmt.Errorf("ledger: head: %w", err)
	}
	return h, nil
}

// VerifyHead checks h's signature with pub.
func VerifyHead(h HeadInfo, pub ed25519.PublicKey) bool {
	if h.Seq == 0 {
		return true // nothing appended, nothing signed
	}
	sig, err := decodeSig(h.Signature)
	return err == nil && ed25519.Verify(pub, headMessage(h.Seq, h.Hash), sig)
}

func encodeSig(sig []byte) string { return base64.StdEncoding.EncodeToString(sig) }

func decodeSig(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

// EntriesOf returns the entries about one subject, oldest first (for a
// record's history page).
func EntriesOf(ctx context.Context, q db.Queryer, subject string, id int64) ([]Entry, error) {
	rows, err := q.Query(ctx, `SELECT seq, at, kind, subject, subject_id, payload, prev_hash, hash FROM ledger_entries
		WHERE subject = ? AND subject_id = ? ORDER BY seq`, subject, id)
	if err != nil {
		return nil, fmt.Errorf("ledger: entries: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func scanEntry(s interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var payload string
	if err := s.Scan(&e.Seq, &e.At, &e.Kind, &e.Subject, &e.SubjectID, &payload, &e.PrevHash, &e.Hash); err != nil {
		return e, fmt.Errorf("ledger: scan: %w", err)
	}
	e.At = e.At.UTC()
	e.Payload = json.RawMessage(payload)
	return e, nil
}
