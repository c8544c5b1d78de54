package filestore

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evalcred/internal/apperr"
)

func TestDirPutOpenDelete(t *testing.T) {
	ctx := context.Background()
	d, err := NewDir(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	sum := SumHex([]byte("hello"))
	key := KeyFor("attachments", sum)
	if want := "attachments/" + sum[:2] + "/" + sum[2:4] + "/" + sum; key != want {
		t.Fatalf("KeyFor = %q, want %q", key, want)
	}
	if err := d.Put(ctx, key, strings.NewReader("hello")); err != nil {
		t.Fatal(err)
	}
	// Replacing is allowed and atomic.
	if err := d.Put(ctx, key, strings.NewReader("hello")); err != nil {
		t.Fatal(err)
	}
	rc, err := d.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "hello" {
		t.Fatalf("read %q", b)
	}
	// No temporary file is left behind.
	entries, _ := os.ReadDir(filepath.Dir(filepath.Join(d.Root, key)))
	if len(entries) != 1 {
		t.Fatalf("directory holds %d entries, want 1", len(entries))
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := d.Open(ctx, key); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("open deleted: %v", err)
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n--
		return copy(p, "abc"), nil
	}
	return 0, errors.New("connection reset")
}

// A failed upload leaves neither the target nor a temporary file.
func TestDirPutFailureLeavesNothing(t *testing.T) {
	ctx := context.Background()
	d, _ := NewDir(t.TempDir())
	if err := d.Put(ctx, "a/b/c", &failingReader{n: 3}); err == nil {
		t.Fatal("want error")
	}
	entries, _ := os.ReadDir(filepath.Join(d.Root, "a", "b"))
	if len(entries) != 0 {
		t.Fatalf("left %d files", len(entries))
	}
}

func TestDirRefusesBadKeys(t *testing.T) {
	ctx := context.Background()
	d, _ := NewDir(t.TempDir())
	for _, k := range []string{"", "/etc/passwd", "../x", "a/../../x", "a//b", `a\b`, "a/.tmp-1", "./a"} {
		if err := d.Put(ctx, k, strings.NewReader("x")); !errors.Is(err, errBadKey) {
			t.Errorf("Put(%q) = %v, want bad key", k, err)
		}
		if _, err := d.Open(ctx, k); !errors.Is(err, errBadKey) {
			t.Errorf("Open(%q) = %v, want bad key", k, err)
		}
	}
}

func TestDirPutCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d, _ := NewDir(t.TempDir())
	if err := d.Put(ctx, "k", strings.NewReader("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}
