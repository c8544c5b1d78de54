package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/ledger"
)

// Target is where a backup is restored.
type Target struct {
	// DSN names the database to create: a new SQLite file, or an empty
	// PostgreSQL database, of the backup's engine.
	DSN string
	// Files is the store the files go into (a directory store), or, for a
	// backup that only listed them, the store that must hold them.
	Files filestore.Store
	Log   io.Writer
}

// Restore brings the backup in dir back into t and checks the result: the
// database copy's checksum, the engine's integrity check, the credit ledger
// (chain, rows, head signature, with the public key the backup recorded),
// and every file the restored database references, present in t.Files with
// its SHA-256. Migrations newer than the backup are applied, as a server
// starting on it would.
func Restore(ctx context.Context, dir string, t Target) (*Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	logf := func(format string, args ...any) {
		if t.Log != nil {
			fmt.Fprintf(t.Log, format+"\n", args...)
		}
	}
	engine := string(db.SQLite)
	if db.IsPostgresDSN(t.DSN) {
		engine = string(db.Postgres)
	}
	if engine != m.Engine {
		return nil, fmt.Errorf("the backup is of a %s database and %s is %s: a restore stays on its engine", m.Engine, t.DSN, engine)
	}
	snap := filepath.Join(dir, m.Database.Name)
	if sum, err := sumFile(snap); err != nil {
		return nil, err
	} else if sum != m.Database {
		return nil, fmt.Errorf("%s: %w (the manifest says %d bytes, sha256 %s)", snap, filestore.ErrChecksum, m.Database.Size, m.Database.SHA256)
	}
	if err := db.RestoreSnapshot(ctx, t.DSN, snap); err != nil {
		return nil, err
	}
	logf("database restored from %s", m.Database.Name)

	d, err := db.Open(ctx, t.DSN)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	if s, err := d.SchemaName(ctx); err != nil {
		return nil, err
	} else if s != m.PostgresSchema {
		return nil, fmt.Errorf("the tables were restored into schema %q but %s reads schema %q: add search_path=%s to the URL", m.PostgresSchema, t.DSN, s, m.PostgresSchema)
	}
	if err := d.Migrate(ctx); err != nil {
		return nil, err
	}
	if err := d.CheckIntegrity(ctx); err != nil {
		return nil, err
	}
	logf("integrity check passed")
	if err := verifyLedger(ctx, d, m.Ledger.PublicKey); err != nil {
		return nil, err
	}
	logf("ledger verified with public key %s", m.Ledger.PublicKey)

	refs, err := refStore{d}.refs(ctx)
	if err != nil {
		return nil, err
	}
	if m.Files.Copied {
		from, err := filestore.NewDir(filepath.Join(dir, FilesDir))
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			if err := filestore.CopyFile(ctx, from, t.Files, r.Key, r.Size); err != nil {
				return nil, fmt.Errorf("file %s: %w", r.Key, err)
			}
		}
		logf("files: %d copied into %s and verified", len(refs), t.Files)
		return m, nil
	}
	listed, err := readList(filepath.Join(dir, FilesList))
	if err != nil {
		return nil, err
	}
	sums := map[string]string{}
	for _, r := range listed {
		sums[r.Key] = r.SHA256
	}
	for _, r := range refs {
		if sums[r.Key] != r.SHA256 {
			return nil, fmt.Errorf("file %s is referenced by the database but not in the backup's list", r.Key)
		}
		if err := filestore.Verify(ctx, t.Files, r.Key, r.SHA256, r.Size); err != nil {
			return nil, fmt.Errorf("file %s in %s: %w (copy the files with evalcred files copy -from %s)", r.Key, t.Files, err, m.Files.Store)
		}
	}
	logf("files: all %d referenced files are in %s with their SHA-256", len(refs), t.Files)
	return m, nil
}

// verifyLedger checks the restored ledger with the public key the backup
// recorded, which must also be the one pinned in the copy.
func verifyLedger(ctx context.Context, d *db.DB, want string) error {
	pinned, err := ledger.Pinned(ctx, d)
	if err != nil {
		return err
	}
	if pinned != want {
		return fmt.Errorf("the restored database pins ledger key %q, the backup recorded %q", pinned, want)
	}
	if pinned == "" {
		return nil // nothing signed yet
	}
	pub, err := ledger.ParsePublicKey(pinned)
	if err != nil {
		return err
	}
	mm, err := credit.VerifyLedger(ctx, d, pub)
	if err != nil {
		return err
	}
	if mm != nil {
		return errors.New("ledger does not verify: first failing entry " + fmt.Sprint(mm.Seq) + ": " + mm.Reason)
	}
	return nil
}
