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
// follow one another: the head stays locked until tx ends (lockHead).
func (l *Ledger) Append(ctx context.Context, tx *db.Tx, e Event) (Entry, error) {
	chain := chainStore{tx}
	seq, prev, err := chain.lockHead(ctx)
	if err != nil {
		return Entry{}, err
	}
	var payload bytes.Buffer
	if err := json.Compact(&payload, e.Payload); err != nil {
		return Entry{}, fmt.Errorf("ledger: payload of %s %d: %w", e.Subject, e.SubjectID, err)
	}
	en := Entry{Seq: seq + 1, At: e.At.UTC().Truncate(time.Microsecond), Kind: e.Kind, Subject: e.Subject,
		SubjectID: e.SubjectID, Payload: payload.Bytes(), PrevHash: prev}
	en.Hash = Hash(en)
	if err := chain.add(ctx, en); err != nil {
		return Entry{}, err
	}
	sig := ed25519.Sign(l.key, headMessage(en.Seq, en.Hash))
	if err := chain.moveHead(ctx, en, base64.StdEncoding.EncodeToString(sig), base64.StdEncoding.EncodeToString(l.PublicKey()), seq); err != nil {
		return Entry{}, err
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
func Head(ctx context.Context, q db.Queryer) (HeadInfo, error) { return chainStore{q}.head(ctx) }

// VerifyHead checks h's signature with pub.
func VerifyHead(h HeadInfo, pub ed25519.PublicKey) bool {
	if h.Seq == 0 {
		return true // nothing appended, nothing signed
	}
	sig, err := base64.StdEncoding.DecodeString(h.Signature)
	return err == nil && ed25519.Verify(pub, headMessage(h.Seq, h.Hash), sig)
}

// EntriesOf returns the entries about one subject, oldest first (for a
// record's history page).
func EntriesOf(ctx context.Context, q db.Queryer, subject string, id int64) ([]Entry, error) {
	return chainStore{q}.of(ctx, subject, id)
}
