package ledger

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"evalcred/internal/db"
)

// One key per deployment. The public key of the key that signs the head is
// pinned in the database on first use (Pin at a server's start, or the first
// Append); a server with another key refuses to start and cannot append, so
// that servers sharing a database never sign with two keys. Verification
// needs only the pinned public key. A rotation is an entry of the chain,
// endorsed by the old key, that moves the pin to the new one.

// ErrKeyMismatch is a server key that is not the deployment's pinned key.
var ErrKeyMismatch = errors.New("ledger key does not match the key pinned in the database")

// The rotation entry.
const (
	KindKeyRotated = "key_rotated"
	SubjectKey     = "ledger_key"
)

// Pin pins l's public key when none is pinned yet, and otherwise checks that
// it is the pinned one: the start-up check of every server that writes.
func (l *Ledger) Pin(ctx context.Context, q db.Queryer) error {
	pub := EncodePublic(l.PublicKey())
	if err := (pinStore{q}).pinIfUnset(ctx, pub); err != nil {
		return err
	}
	pinned, err := Pinned(ctx, q)
	if err != nil {
		return err
	}
	return checkPin(pinned, pub)
}

func checkPin(pinned, pub string) error {
	if pinned != "" && pinned != pub {
		return fmt.Errorf("%w: this server's public key is %s, the database's %s (set EVALCRED_LEDGER_KEY or EVALCRED_LEDGER_KEY_FILE to the deployment's key)",
			ErrKeyMismatch, pub, pinned)
	}
	return nil
}

// Pinned returns the pinned public key (base64), "" when nothing is pinned yet.
func Pinned(ctx context.Context, q db.Queryer) (string, error) { return pinStore{q}.pinned(ctx) }

// rotation is the payload of a rotation entry: the new key, the one it
// replaces, and the old key's signature over the new one.
type rotation struct {
	PublicKey   string `json:"public_key"`
	PreviousKey string `json:"previous_key"`
	Endorsement string `json:"endorsement"`
}

func rotateMessage(newPub string) []byte { return []byte("evalcred-ledger-rotate:" + newPub) }

// Rotate replaces the deployment's key with next inside tx: an entry of the
// chain records the new public key, endorsed by l's key (the pinned one),
// and the head is signed again with next, which is pinned from then on.
// Servers still holding l's key can no longer append and must be restarted
// with next.
func (l *Ledger) Rotate(ctx context.Context, tx *db.Tx, next ed25519.PrivateKey, at time.Time) (Entry, error) {
	newPub := EncodePublic(next.Public().(ed25519.PublicKey))
	if newPub == EncodePublic(l.PublicKey()) {
		return Entry{}, errors.New("ledger: the new key is the key in use")
	}
	payload, err := json.Marshal(rotation{PublicKey: newPub, PreviousKey: EncodePublic(l.PublicKey()),
		Endorsement: encodeSig(ed25519.Sign(l.key, rotateMessage(newPub)))})
	if err != nil {
		return Entry{}, err
	}
	en, err := l.Append(ctx, tx, Event{At: at, Kind: KindKeyRotated, Subject: SubjectKey, Payload: payload})
	if err != nil {
		return Entry{}, err
	}
	sig := encodeSig(ed25519.Sign(next, headMessage(en.Seq, en.Hash)))
	if err := (pinStore{tx}).repin(ctx, en.Seq, newPub, sig); err != nil {
		return Entry{}, err
	}
	return en, nil
}

// checkRotation checks a rotation entry: the key it replaces is the one in
// force before it (when the chain named one), and that key endorsed the new
// one. It returns the new key, or why the entry does not hold.
func checkRotation(e Entry, inForce string) (string, string) {
	var r rotation
	if err := json.Unmarshal(e.Payload, &r); err != nil || r.PublicKey == "" {
		return "", "key rotation entry is malformed"
	}
	if inForce != "" && r.PreviousKey != inForce {
		return "", "key rotation names a previous key that was not in force"
	}
	prev, err := ParsePublicKey(r.PreviousKey)
	if err != nil {
		return "", "key rotation names a malformed previous key"
	}
	sig, err := decodeSig(r.Endorsement)
	if err != nil || !ed25519.Verify(prev, rotateMessage(r.PublicKey), sig) {
		return "", "key rotation is not endorsed by the previous key"
	}
	return r.PublicKey, ""
}
