package filestore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Lister is a Store that can list what it holds (both drivers can): for
// `evalcred files copy` and the backup's check of a store.
type Lister interface {
	// List calls fn with every key and its size, in no particular order,
	// and stops at fn's first error.
	List(ctx context.Context, fn func(key string, size int64) error) error
}

// Checker is a Store that can prove at start-up that it takes writes.
type Checker interface {
	// Check writes a small object and removes it again; its error says in
	// one line what is wrong (a bucket that cannot be written, a directory
	// without write permission).
	Check(ctx context.Context) error
}

// List walks the directory; temporary files of uploads in flight are left out.
func (d *Dir) List(ctx context.Context, fn func(key string, size int64) error) error {
	return filepath.WalkDir(d.Root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			return nil
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(d.Root, p)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(rel), info.Size())
	})
}

// Check creates and removes a temporary file in the directory.
func (d *Dir) Check(context.Context) error {
	f, err := os.CreateTemp(d.Root, ".tmp-check-*")
	if err != nil {
		return fmt.Errorf("files directory %s is not writable: %w", d.Root, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// sized is a reader whose length is known; see WithSize.
type sized struct {
	io.Reader
	n int64
}

// WithSize tells a store that r yields exactly n bytes. The S3 driver
// needs the length to stream an upload in parts straight from the reader;
// without it, it holds one part (16 MB) in memory at a time.
func WithSize(r io.Reader, n int64) io.Reader { return sized{r, n} }

// sizeOf returns how many bytes r will yield, or -1 when it cannot tell: a
// WithSize reader, an *os.File (from its current offset to its end, as the
// callers' spooled uploads are), or anything with Len (bytes and strings
// readers).
func sizeOf(r io.Reader) int64 {
	switch v := r.(type) {
	case sized:
		return v.n
	case *os.File:
		info, err := v.Stat()
		if err != nil || !info.Mode().IsRegular() {
			return -1
		}
		off, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		return info.Size() - off
	case interface{ Len() int }:
		return int64(v.Len())
	}
	return -1
}

// randomName is a name for a probe object.
func randomName() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
