// Package backup makes and restores a deployment's backup while the servers
// run (evalcred backup and restore): a consistent copy of the database
// (internal/db's Snapshot), the files it references (copied from a
// directory store, or for an S3 store listed with their checksums, since
// the bucket is backed up by the store's own means), the ledger's public
// key, and a manifest that says what is where.
package backup

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// The names in a backup directory.
const (
	ManifestFile  = "manifest.json"
	FilesList     = "files.tsv"  // key, SHA-256, size: every file the database references
	FilesDir      = "files"      // the copies, for a directory store
	PublicKeyFile = "ledger.pub" // the pinned public key of the ledger
	formatVersion = 1
)

// Manifest describes a backup.
type Manifest struct {
	Format          int       `json:"format"`
	CreatedAt       time.Time `json:"created_at"`
	EvalCredVersion string    `json:"evalcred_version"`
	Engine          string    `json:"engine"`
	SchemaVersion   int       `json:"schema_version"`
	// PostgresSchema is the schema the tables were dumped from; a restore
	// creates them in the schema of that name.
	PostgresSchema string   `json:"postgres_schema,omitempty"`
	Database       FileSum  `json:"database"`
	Ledger         Ledger   `json:"ledger"`
	Files          Files    `json:"files"`
	TookSeconds    float64  `json:"took_seconds"`
	Steps          []string `json:"steps"`
}

// FileSum is a file of the backup with its checksum.
type FileSum struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Ledger is the ledger's head as the copy holds it.
type Ledger struct {
	Seq       int64  `json:"seq"`
	Hash      string `json:"hash"`
	PublicKey string `json:"public_key"`
}

// Files says where the referenced files are.
type Files struct {
	// Store is the store they were read from (a directory, or s3://...).
	Store string `json:"store"`
	// Copied: the files are in FilesDir; otherwise FilesList names what to
	// copy from Store (files copy) and its checksums.
	Copied bool  `json:"copied"`
	Count  int   `json:"count"`
	Bytes  int64 `json:"bytes"`
}

func (m *Manifest) write(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeSynced(filepath.Join(dir, ManifestFile), append(b, '\n'))
}

// ReadManifest reads the manifest of the backup in dir.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", dir, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("backup %s: manifest: %w", dir, err)
	}
	if m.Format != formatVersion {
		return nil, fmt.Errorf("backup %s: manifest format %d, this evalcred reads %d", dir, m.Format, formatVersion)
	}
	return &m, nil
}

// writeSynced writes b to a new file at path, synced to disk.
func writeSynced(path string, b []byte) error {
	return createSynced(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// createSynced creates path, which must not exist yet, lets write fill it,
// and syncs it to disk before closing it: a backup's files are complete on
// disk once it reports success.
func createSynced(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
