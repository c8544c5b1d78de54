package ledger_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/ledger"
)

func keyOf(b byte) ed25519.PrivateKey {
	seed := make([]byte, 32)
	seed[0] = b
	return ed25519.NewKeyFromSeed(seed)
}

func appendOne(ctx context.Context, d *db.DB, l *ledger.Ledger, id int64, rs *rows) error {
	payload := `{"id":` + string(rune('0'+id)) + `}`
	rs.mu.Lock()
	rs.m[id] = payload
	rs.mu.Unlock()
	return d.Tx(ctx, func(tx *db.Tx) error {
		_, err := l.Append(ctx, tx, ledger.Event{At: time.Now(), Kind: "proposed", Subject: "thing", SubjectID: id, Payload: json.RawMessage(payload)})
		return err
	})
}

// The first key to start pins itself; another is refused at start and
// cannot append; verification needs only the pinned public key; a rotation
// is in the chain, endorsed by the old key, and moves the pin.
func TestPinAndRotate(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, b, c := ledger.New(keyOf(1)), ledger.New(keyOf(2)), ledger.New(keyOf(3))
		rs := &rows{m: map[int64]string{}}
		if err := a.Pin(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := a.Pin(ctx, d); err != nil {
			t.Fatalf("the pinned key again: %v", err)
		}
		err := b.Pin(ctx, d)
		if !errors.Is(err, ledger.ErrKeyMismatch) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("another key: %v", err)
		}
		if err := appendOne(ctx, d, a, 1, rs); err != nil {
			t.Fatal(err)
		}
		if err := appendOne(ctx, d, b, 2, rs); !errors.Is(err, ledger.ErrKeyMismatch) {
			t.Fatalf("append with another key: %v", err)
		}
		pinned, err := ledger.Pinned(ctx, d)
		if err != nil || pinned != ledger.EncodePublic(a.PublicKey()) {
			t.Fatalf("pinned %q %v", pinned, err)
		}
		pub, _ := ledger.ParsePublicKey(pinned)
		if m, err := ledger.Verify(ctx, d, pub, rs.current); m != nil || err != nil {
			t.Fatalf("verify with the pinned key: %v %v", m, err)
		}

		if err := d.Tx(ctx, func(tx *db.Tx) error { _, err := a.Rotate(ctx, tx, keyOf(3), time.Now()); return err }); err != nil {
			t.Fatal(err)
		}
		if err := appendOne(ctx, d, a, 3, rs); !errors.Is(err, ledger.ErrKeyMismatch) {
			t.Fatalf("append with the retired key: %v", err)
		}
		if err := appendOne(ctx, d, c, 4, rs); err != nil {
			t.Fatal(err)
		}
		if err := c.Pin(ctx, d); err != nil {
			t.Fatal(err)
		}
		if m, err := ledger.Verify(ctx, d, c.PublicKey(), rs.current); m != nil || err != nil {
			t.Fatalf("verify after rotation: %v %v", m, err)
		}
		// The old key no longer verifies the head, and claiming it does is caught.
		if m, _ := ledger.Verify(ctx, d, a.PublicKey(), rs.current); m == nil {
			t.Fatal("the retired key verified the head")
		}
		// A rotation whose endorsement was forged is named.
		if _, err := d.Exec(ctx, "UPDATE ledger_entries SET payload = REPLACE(payload, 'endorsement\":\"', 'endorsement\":\"AA') WHERE kind = ?", ledger.KindKeyRotated); err != nil {
			t.Fatal(err)
		}
		if m, _ := ledger.Verify(ctx, d, c.PublicKey(), rs.current); m == nil || m.Seq != 2 {
			t.Fatalf("forged rotation: %v", m)
		}
	})
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ledger.key")
	k, err := ledger.WriteNewKey(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.WriteNewKey(p); err == nil {
		t.Fatal("an existing key file was overwritten")
	}
	got, err := ledger.KeyFromFile(p)
	if err != nil || !got.Equal(k) {
		t.Fatalf("read back: %v", err)
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.KeyFromFile(p); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable key: %v", err)
	}
	if k2, err := ledger.ParseKey(ledger.EncodeSeed(k)); err != nil || !k2.Equal(k) {
		t.Fatalf("seed round trip: %v", err)
	}
}
