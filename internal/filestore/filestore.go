// Package filestore keeps uploaded files (filing attachments, reports) by key,
// outside the database. Keys are content-addressed by the callers
// ("attachments/ab/cd/<sha256>"), so a stored file never changes and the
// same content uploaded twice is stored once.
package filestore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"evalcred/internal/apperr"
)

// Store puts, opens and deletes files by key.
type Store interface {
	// Put stores everything r yields under key, replacing what was there.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open returns the file under key; a missing key is apperr NotFound.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// KeyFor returns the content-addressed key of a file with SHA-256 sum (hex)
// in area: "attachments/ab/cd/abcd...". The two directory levels keep any
// one directory small.
func KeyFor(area, sum string) string {
	if len(sum) < 4 {
		return area + "/" + sum
	}
	return area + "/" + sum[:2] + "/" + sum[2:4] + "/" + sum
}

// SumHex returns the hex SHA-256 of b (for tests and small files).
func SumHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Dir is a Store in a directory of the local file system.
type Dir struct {
	Root string
}

// NewDir returns a Dir rooted at root, creating the directory.
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("filestore: create %s: %w", root, err)
	}
	return &Dir{Root: root}, nil
}

var errBadKey = errors.New("filestore: invalid key")

// checkKey refuses keys that could leave a Dir's root or name a temporary
// file: keys come from code, but a mistake must not become a path
// traversal. Every driver applies it, so that a key good for one store is
// good for all.
func checkKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, `\`) {
		return fmt.Errorf("%w: %q", errBadKey, key)
	}
	for _, part := range strings.Split(key, "/") {
		if part == "" || part == "." || part == ".." || strings.HasPrefix(part, ".tmp-") {
			return fmt.Errorf("%w: %q", errBadKey, key)
		}
	}
	return nil
}

// path turns a key into a file path.
func (d *Dir) path(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return filepath.Join(d.Root, filepath.FromSlash(key)), nil
}

// Put writes r to a temporary file beside the target and renames it into
// place once complete and synced, so that a reader never sees half a file and
// a crash leaves at most a stray temporary file.
func (d *Dir) Put(ctx context.Context, key string, r io.Reader) (err error) {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("filestore: put %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("filestore: put %s: %w", key, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, ctxReader{ctx, r}); err != nil {
		return fmt.Errorf("filestore: put %s: %w", key, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("filestore: put %s: %w", key, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("filestore: put %s: %w", key, err)
	}
	if err = os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("filestore: put %s: %w", key, err)
	}
	return nil
}

// Open opens the file under key.
func (d *Dir) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, apperr.Wrap(err, apperr.NotFound, "error.not_found", "file")
	}
	if err != nil {
		return nil, fmt.Errorf("filestore: open %s: %w", key, err)
	}
	return f, nil
}

// Delete removes the file under key.
func (d *Dir) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("filestore: delete %s: %w", key, err)
	}
	return nil
}

// ctxReader stops a long copy when the request is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
