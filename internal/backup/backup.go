package backup

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/ledger"
)

// Source is what a backup reads: the open database and the file store of
// the deployment.
type Source struct {
	DB      *db.DB
	Files   filestore.Store
	Version string // of the evalcred that writes the backup
	// Log receives a line per step (nil: none).
	Log io.Writer
}

// Make writes a backup of src into dir, which must not exist or be empty:
// the database copy first (one snapshot, every write committed before it
// started), then the files the live database references at that point or
// later (a superset of what the copy references: files are never deleted
// and are stored before the row that names them commits), the ledger's
// public key, and last the manifest, which marks the backup complete.
func Make(ctx context.Context, src Source, dir string) (*Manifest, error) {
	start := time.Now()
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	m := &Manifest{Format: formatVersion, CreatedAt: start.UTC().Truncate(time.Second), EvalCredVersion: src.Version, Engine: string(src.DB.Dialect)}
	step := func(format string, args ...any) {
		line := fmt.Sprintf(format, args...)
		m.Steps = append(m.Steps, line)
		if src.Log != nil {
			fmt.Fprintln(src.Log, line)
		}
	}
	var err error
	if m.SchemaVersion, err = src.DB.SchemaVersion(ctx); err != nil {
		return nil, err
	}
	if m.PostgresSchema, err = src.DB.SchemaName(ctx); err != nil {
		return nil, err
	}
	path, err := src.DB.Snapshot(ctx, dir)
	if err != nil {
		return nil, err
	}
	if m.Database, err = sumFile(path); err != nil {
		return nil, err
	}
	step("database: %s, %d bytes, in %.1f s", m.Database.Name, m.Database.Size, time.Since(start).Seconds())

	fileStart := time.Now()
	refs, err := refStore{src.DB}.refs(ctx)
	if err != nil {
		return nil, err
	}
	m.Files, err = backupFiles(ctx, src.Files, refs, dir)
	if err != nil {
		return nil, err
	}
	how := "listed with their checksums (copy them with the store's own backup, or evalcred files copy)"
	if m.Files.Copied {
		how = "copied and verified"
	}
	step("files: %d (%d bytes) from %s, %s, in %.1f s", m.Files.Count, m.Files.Bytes, m.Files.Store, how, time.Since(fileStart).Seconds())

	// The head as the live database has it now: the copy's is the same or
	// older, and the pinned key is the same unless a rotation ran meanwhile.
	h, err := ledger.Head(ctx, src.DB)
	if err != nil {
		return nil, err
	}
	pinned, err := ledger.Pinned(ctx, src.DB)
	if err != nil {
		return nil, err
	}
	m.Ledger = Ledger{Seq: h.Seq, Hash: h.Hash, PublicKey: pinned}
	if err := writeSynced(filepath.Join(dir, PublicKeyFile), []byte(pinned+"\n")); err != nil {
		return nil, err
	}
	m.TookSeconds = time.Since(start).Seconds()
	step("ledger public key %s; backup complete in %.1f s", pinned, m.TookSeconds)
	return m, m.write(dir)
}

// emptyDir creates dir, or accepts it when it exists and is empty.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dir, 0o750)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("backup directory %s is not empty: give a new one for each backup", dir)
	}
	return nil
}

// backupFiles writes the list of refs and, for a directory store, copies
// them into dir/files; for an object store it checks that each is there
// with its size.
func backupFiles(ctx context.Context, st filestore.Store, refs []Ref, dir string) (Files, error) {
	f := Files{Store: fmt.Sprint(st), Count: len(refs)}
	if err := writeList(filepath.Join(dir, FilesList), refs); err != nil {
		return f, err
	}
	for _, r := range refs {
		f.Bytes += r.Size
	}
	if _, ok := st.(*filestore.Dir); ok {
		to, err := filestore.NewDir(filepath.Join(dir, FilesDir))
		if err != nil {
			return f, err
		}
		for _, r := range refs {
			if err := filestore.CopyFile(ctx, st, to, r.Key, r.Size); err != nil {
				return f, fmt.Errorf("file %s: %w", r.Key, err)
			}
		}
		f.Copied = true
		return f, nil
	}
	return f, checkPresent(ctx, st, refs)
}

// checkPresent lists the store once and checks that every ref is in it
// with its size.
func checkPresent(ctx context.Context, st filestore.Store, refs []Ref) error {
	l, ok := st.(filestore.Lister)
	if !ok {
		return nil
	}
	have := map[string]int64{}
	if err := l.List(ctx, func(key string, size int64) error { have[key] = size; return nil }); err != nil {
		return err
	}
	missing := 0
	var first string
	for _, r := range refs {
		if size, ok := have[r.Key]; !ok || size != r.Size {
			if missing == 0 {
				first = r.Key
			}
			missing++
		}
	}
	if missing > 0 {
		return fmt.Errorf("%d referenced files are missing from %s (or have another size), the first %s", missing, st, first)
	}
	return nil
}

func writeList(path string, refs []Ref) error {
	return createSynced(path, func(f io.Writer) error {
		w := bufio.NewWriter(f)
		for _, r := range refs {
			w.WriteString(r.Key + "\t" + r.SHA256 + "\t" + strconv.FormatInt(r.Size, 10) + "\n")
		}
		return w.Flush()
	})
}

// readList reads a backup's list of files.
func readList(path string) ([]Ref, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var refs []Ref
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var r Ref
		if _, err := fmt.Sscanf(sc.Text(), "%s\t%s\t%d", &r.Key, &r.SHA256, &r.Size); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		refs = append(refs, r)
	}
	return refs, sc.Err()
}

func sumFile(path string) (FileSum, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileSum{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileSum{}, err
	}
	return FileSum{Name: filepath.Base(path), Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
