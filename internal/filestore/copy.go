package filestore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"

	"evalcred/internal/apperr"
)

// ErrChecksum is a file whose content does not hash to its SHA-256.
var ErrChecksum = errors.New("SHA-256 does not match")

// SumOfKey returns the SHA-256 a content-addressed key names (its last
// part), or "" when the key names none.
func SumOfKey(key string) string {
	s := path.Base(key)
	if len(s) != 64 {
		return ""
	}
	if _, err := hex.DecodeString(s); err != nil {
		return ""
	}
	return s
}

// Verify reads the file under key from s and checks its SHA-256 (hex)
// and, when size >= 0, its length.
func Verify(ctx context.Context, s Store, key, sum string, size int64) error {
	rc, err := s.Open(ctx, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, ctxReader{ctx, rc})
	if err != nil {
		return fmt.Errorf("filestore: read %s: %w", key, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum || (size >= 0 && n != size) {
		return fmt.Errorf("%s: %w (%d bytes, sha256 %s)", key, ErrChecksum, n, got)
	}
	return nil
}

// CopyStats counts what Copy did.
type CopyStats struct {
	Copied, Present int   // files copied, and files the target had already
	Bytes           int64 // bytes copied
}

// Copy copies every file of from into to, verifying each: a content-
// addressed key's content must hash to the SHA-256 in its name as it is
// read, and the copy is read back from the target and checked again. A file
// the target already holds with the right content is not sent again, so an
// interrupted copy can be run again. Files whose key names no SHA-256 are
// copied and compared by length only.
func Copy(ctx context.Context, from, to Store, progress func(key string)) (CopyStats, error) {
	var st CopyStats
	l, ok := from.(Lister)
	if !ok {
		return st, errors.New("filestore: the source store cannot list its files")
	}
	err := l.List(ctx, func(key string, size int64) error {
		sum := SumOfKey(key)
		if sum != "" && Verify(ctx, to, key, sum, size) == nil {
			st.Present++
			return nil
		}
		if err := CopyFile(ctx, from, to, key, size); err != nil {
			return err
		}
		st.Copied++
		st.Bytes += size
		if progress != nil {
			progress(key)
		}
		return nil
	})
	return st, err
}

// CopyFile copies the file under key (of size bytes) from one store to the
// other, checking the SHA-256 in a content-addressed key as it reads and
// reading the copy back to check it again.
func CopyFile(ctx context.Context, from, to Store, key string, size int64) error {
	sum := SumOfKey(key)
	rc, err := from.Open(ctx, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	if err := to.Put(ctx, key, WithSize(io.TeeReader(rc, h), size)); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); sum != "" && got != sum {
		_ = to.Delete(ctx, key)
		return fmt.Errorf("source %s: %w (sha256 %s)", key, ErrChecksum, got)
	}
	if sum == "" {
		sum = hex.EncodeToString(h.Sum(nil))
	}
	if err := Verify(ctx, to, key, sum, size); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return fmt.Errorf("target %s: missing right after it was written", key)
		}
		return fmt.Errorf("target %w", err)
	}
	return nil
}
