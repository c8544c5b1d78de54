package filestore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/filestore"
	"evalcred/internal/filestore/s3test"
)

// randomFile writes n pseudo-random bytes to a file and returns it open at
// offset 0 with its SHA-256.
func randomFile(t *testing.T, n int64, seed uint64) (*os.File, string) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "upload"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	h := sha256.New()
	src := rand.NewChaCha8([32]byte{byte(seed)})
	if _, err := io.CopyN(io.MultiWriter(f, h), src, n); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	return f, hex.EncodeToString(h.Sum(nil))
}

func TestS3PutOpenListDelete(t *testing.T) {
	srv := s3test.Start(t)
	ctx := context.Background()
	s := srv.Store(t, srv.Bucket(t))
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
	key := filestore.KeyFor("attachments", filestore.SumHex([]byte("hello")))
	if err := s.Put(ctx, key, strings.NewReader("hello")); err != nil {
		t.Fatal(err)
	}
	if err := filestore.Verify(ctx, s, key, filestore.SumHex([]byte("hello")), 5); err != nil {
		t.Fatal(err)
	}
	var keys []string
	if err := s.List(ctx, func(k string, size int64) error {
		if size != 5 {
			t.Errorf("%s: size %d", k, size)
		}
		keys = append(keys, k)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != key {
		t.Fatalf("listed %v, want [%s] (the check's probe removed)", keys, key)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := s.Open(ctx, key); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("open deleted: %v", err)
	}
	if err := s.Put(ctx, "../x", strings.NewReader("x")); err == nil {
		t.Fatal("a key leaving the prefix was taken")
	}
}

// onlyReader hides everything but Read, so that the store cannot learn the
// length of the upload.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// Large uploads go in parts, as the client makes them for a spooled file
// (read in sections, no buffer) and for a stream of unknown length (one
// 16 MB part in memory at a time): the store must take both whole.
func TestS3MultipartUploads(t *testing.T) {
	srv := s3test.Start(t)
	ctx := context.Background()
	s, reqs := srv.CountingStore(t, srv.Bucket(t))
	const size = 33 << 20 // three parts of the client's 16 MB
	f, sum := randomFile(t, size, 1)
	if err := s.Put(ctx, "big/spooled", f); err != nil {
		t.Fatal(err)
	}
	if err := filestore.Verify(ctx, s, "big/spooled", sum, size); err != nil {
		t.Fatal(err)
	}
	if n := reqs.Parts(); n != 3 {
		t.Errorf("spooled file in %d parts, want 3", n)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "big/stream", onlyReader{f}); err != nil {
		t.Fatal(err)
	}
	if err := filestore.Verify(ctx, s, "big/stream", sum, size); err != nil {
		t.Fatal(err)
	}
	if n := reqs.Parts(); n != 6 {
		t.Errorf("stream in %d parts, want 3", n-3)
	}
	// A file handed over from an offset is stored from there.
	if _, err := f.Seek(size-100, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	tail := make([]byte, 100)
	if _, err := f.ReadAt(tail, size-100); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "big/tail", f); err != nil {
		t.Fatal(err)
	}
	if err := filestore.Verify(ctx, s, "big/tail", filestore.SumHex(tail), 100); err != nil {
		t.Fatal(err)
	}
}

// A bucket that does not exist is refused by the start-up check in one line.
func TestS3CheckRefusesMissingBucket(t *testing.T) {
	srv := s3test.Start(t)
	s := srv.Store(t, "s3://no-such-bucket-here/files")
	err := s.Check(context.Background())
	if err == nil || !strings.Contains(err.Error(), "cannot be written") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("check of a missing bucket: %v", err)
	}
}

// files copy moves a deployment's files from a directory to the object
// store and back, verifying every SHA-256; a second run finds them there.
func TestCopyBetweenDirAndS3(t *testing.T) {
	srv := s3test.Start(t)
	ctx := context.Background()
	dir, err := filestore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var sums []string
	for i := range 5 {
		b := bytes.Repeat([]byte{byte('a' + i)}, 1000*(i+1))
		sum := filestore.SumHex(b)
		sums = append(sums, sum)
		if err := dir.Put(ctx, filestore.KeyFor("attachments", sum), bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
	}
	s3 := srv.Store(t, srv.Bucket(t))
	st, err := filestore.Copy(ctx, dir, s3, nil)
	if err != nil || st.Copied != 5 || st.Present != 0 {
		t.Fatalf("copy: %+v %v", st, err)
	}
	st, err = filestore.Copy(ctx, dir, s3, nil)
	if err != nil || st.Copied != 0 || st.Present != 5 {
		t.Fatalf("second copy: %+v %v", st, err)
	}
	back, _ := filestore.NewDir(t.TempDir())
	if st, err := filestore.Copy(ctx, s3, back, nil); err != nil || st.Copied != 5 {
		t.Fatalf("copy back: %+v %v", st, err)
	}
	for _, sum := range sums {
		if err := filestore.Verify(ctx, back, filestore.KeyFor("attachments", sum), sum, -1); err != nil {
			t.Error(err)
		}
	}
	// A file whose content no longer matches its name is not copied.
	bad := filestore.KeyFor("attachments", sums[0])
	if err := os.WriteFile(filepath.Join(dir.Root, filepath.FromSlash(bad)), []byte("tampered"), 0o600); err != nil {
		t.Fatal(err)
	}
	other, _ := filestore.NewDir(t.TempDir())
	if _, err := filestore.Copy(ctx, dir, other, nil); !errors.Is(err, filestore.ErrChecksum) {
		t.Fatalf("copy of a tampered file: %v", err)
	}
}
