package ledger_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/ledger"
)

func testKey() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(make([]byte, 32)) }

// rows stands in for the tables whose rows the entries describe.
type rows struct {
	mu sync.Mutex
	m  map[int64]string
}

func (r *rows) current(_ context.Context, _ db.Queryer, _ string, id int64) (json.RawMessage, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.m[id]
	return json.RawMessage(v), ok, nil
}

// TestConcurrentAppendsKeepOneChain: many transactions appending at once end
// in one unbroken chain with a valid signed head, on both engines.
func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := ledger.New(testKey())
		rs := &rows{m: map[int64]string{}}
		var wg sync.WaitGroup
		const n = 20
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				payload := fmt.Sprintf(`{"id": %d, "state": "proposed"}`, i)
				rs.mu.Lock()
				rs.m[int64(i)] = payload
				rs.mu.Unlock()
				errs[i] = d.Tx(ctx, func(tx *db.Tx) error {
					_, err := l.Append(ctx, tx, ledger.Event{At: time.Now(), Kind: "proposed", Subject: "thing", SubjectID: int64(i), Payload: json.RawMessage(payload)})
					return err
				})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("append %d: %v", i, err)
			}
		}
		h, err := ledger.Head(ctx, d)
		if err != nil || h.Seq != n {
			t.Fatalf("head = %+v, %v; want seq %d", h, err, n)
		}
		if m, err := ledger.Verify(ctx, d, l.PublicKey(), rs.current); err != nil || m != nil {
			t.Fatalf("verify: %v %v", m, err)
		}

		// A changed row is named by its latest entry.
		rs.m[7] = `{"id": 7, "state": "void"}`
		m, err := ledger.Verify(ctx, d, l.PublicKey(), rs.current)
		if err != nil || m == nil {
			t.Fatalf("verify after change: %v %v", m, err)
		}
		var want int64
		if err := d.QueryRow(ctx, "SELECT seq FROM ledger_entries WHERE subject_id = 7").Scan(&want); err != nil {
			t.Fatal(err)
		}
		if m.Seq != want {
			t.Errorf("mismatch at %d, want %d", m.Seq, want)
		}
		rs.m[7] = `{"id":7,"state":"proposed"}`

		// A tampered entry breaks the chain there.
		if _, err := d.Exec(ctx, "UPDATE ledger_entries SET kind = 'void' WHERE seq = 5"); err != nil {
			t.Fatal(err)
		}
		if m, _ := ledger.Verify(ctx, d, l.PublicKey(), rs.current); m == nil || m.Seq != 5 {
			t.Errorf("tampered entry: %v, want seq 5", m)
		}
		// Another key does not verify the head.
		if _, err := d.Exec(ctx, "UPDATE ledger_entries SET kind = 'proposed' WHERE seq = 5"); err != nil {
			t.Fatal(err)
		}
		other := ed25519.NewKeyFromSeed(append(make([]byte, 31), 1)).Public().(ed25519.PublicKey)
		if m, _ := ledger.Verify(ctx, d, other, rs.current); m == nil || m.Seq != n {
			t.Errorf("foreign key: %v, want head mismatch", m)
		}
	})
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	k1, err := ledger.LoadKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, ledger.KeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	k2, err := ledger.LoadKey(dir, "")
	if err != nil || !k1.Equal(k2) {
		t.Fatalf("second load differs: %v", err)
	}
	if _, err := ledger.LoadKey(dir, "bm90IGEga2V5"); err == nil {
		t.Error("short seed accepted")
	}
	k3, err := ledger.LoadKey("", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	if err != nil || !k3.Equal(testKey()) {
		t.Errorf("seed from configuration: %v", err)
	}
}
