package backup_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/auth"
	"evalcred/internal/backup"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/filestore"
	"evalcred/internal/filestore/s3test"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/registry/registrytest"
)

const testKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

// deployment is a running application with an institution, a reviewer
// and an uploaded attachment.
type deployment struct {
	app      *app.App
	dsn      string
	reviewer *auth.Actor
	instID   int64
}

func newDeployment(t *testing.T, eng db.Dialect, files string, s3 filestore.S3Config) *deployment {
	t.Helper()
	ctx := context.Background()
	d, dsn := dbtest.OpenDSN(t, eng)
	clk := clock.NewFake(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
	cfg := app.Defaults()
	cfg.DataDir, cfg.LedgerKey, cfg.Files, cfg.S3 = t.TempDir(), testKey, files, s3
	if cfg.Files == "" {
		cfg.Files = filepath.Join(cfg.DataDir, "files")
	}
	a, err := app.New(d, cfg, clk)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Preflight(ctx); err != nil {
		t.Fatal(err)
	}
	instID, user := registrytest.NewApprovedInstitution(t, d, clk, "430102")
	for i := range 3 {
		pdf := append(filingtest.PDF("licence"), bytes.Repeat([]byte{byte(i)}, 1000*(i+1))...)
		if _, err := a.Services.Filing.Upload(ctx, user, instID, "business_license", "institution", "licence.pdf", bytes.NewReader(pdf)); err != nil {
			t.Fatal(err)
		}
	}
	return &deployment{app: a, dsn: dsn, reviewer: registrytest.Official(t, d, clk, auth.RoleProvincialReviewer, "430000"), instID: instID}
}

// writer proposes credit records (each a ledger append) one after another
// until stopped, keeping the ids it was answered.
type writer struct {
	mu    sync.Mutex
	acked []int64
	err   error
	stop  chan struct{}
	done  chan struct{}
	first chan struct{} // closed after the first few acknowledgements
}

func startWriter(d *deployment) *writer {
	w := &writer{stop: make(chan struct{}), done: make(chan struct{}), first: make(chan struct{})}
	go func() {
		defer close(w.done)
		for i := 0; ; i++ {
			select {
			case <-w.stop:
				return
			default:
			}
			res, err := d.app.Services.Credit.Propose(context.Background(), d.reviewer, credit.ProposeInput{InstitutionID: d.instID,
				Kind: credit.KindBad, Severity: credit.SeverityGeneral, Category: "poor_quality", Facts: fmt.Sprintf("第%d次逾期提交报告", i), Basis: "财监〔2021〕4号"})
			w.mu.Lock()
			if err != nil {
				w.err = err
				w.mu.Unlock()
				close(w.first)
				return
			}
			w.acked = append(w.acked, res.ID)
			if len(w.acked) == 5 {
				close(w.first)
			}
			w.mu.Unlock()
		}
	}()
	return w
}

func (w *writer) ackedSoFar() []int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]int64(nil), w.acked...)
}

// target returns a DSN for a new, empty database of eng for the restore.
func target(t *testing.T, eng db.Dialect, schema string) string {
	t.Helper()
	if eng == db.SQLite {
		return filepath.Join(t.TempDir(), "restored", "evalcred.db")
	}
	ctx := context.Background()
	base := os.Getenv(dbtest.EnvPostgres)
	admin, err := db.Open(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	var b [5]byte
	_, _ = rand.Read(b[:])
	name := "evalcred_restore_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)")
		admin.Close()
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// A backup taken while writes go on holds every write acknowledged before it
// began; its restore passes the integrity check and ledger verify, and
// brings back every referenced file with its SHA-256.
func TestBackupWhileWritingRestores(t *testing.T) {
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			ctx := context.Background()
			dep := newDeployment(t, eng, "", filestore.S3Config{})
			w := startWriter(dep)
			<-w.first
			before := w.ackedSoFar()
			// The backup runs as the command does: a connection of its own.
			src := dbtest.Another(t, dep.dsn)
			out := filepath.Join(t.TempDir(), "backup")
			m, err := backup.Make(ctx, backup.Source{DB: src, Files: dep.app.Services.Files, Version: "test"}, out)
			close(w.stop)
			<-w.done
			if err != nil {
				t.Fatal(err)
			}
			if w.err != nil {
				t.Fatalf("writer: %v", w.err)
			}
			if !m.Files.Copied || m.Files.Count != 3 || m.Ledger.PublicKey == "" {
				t.Fatalf("manifest: %+v", m)
			}
			if _, err := backup.Make(ctx, backup.Source{DB: src, Files: dep.app.Services.Files}, out); err == nil || !strings.Contains(err.Error(), "not empty") {
				t.Fatalf("a second backup into the same directory: %v", err)
			}

			dsn := target(t, eng, m.PostgresSchema)
			files, err := filestore.NewDir(filepath.Join(t.TempDir(), "files"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := backup.Restore(ctx, out, backup.Target{DSN: dsn, Files: files}); err != nil {
				t.Fatal(err)
			}
			restored := dbtest.Another(t, dsn)
			for _, id := range before {
				var n int
				if err := restored.QueryRow(ctx, "SELECT COUNT(*) FROM credit_records WHERE id = ?", id).Scan(&n); err != nil || n != 1 {
					t.Fatalf("record %d, acknowledged before the backup began, is not in the copy (%v)", id, err)
				}
			}
			if _, err := backup.Restore(ctx, out, backup.Target{DSN: dsn, Files: files}); err == nil {
				t.Fatal("a restore over an existing database was allowed")
			}
			// A copy whose checksum no longer matches is refused.
			if err := os.WriteFile(filepath.Join(out, m.Database.Name), []byte("garbage"), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := backup.Restore(ctx, out, backup.Target{DSN: target(t, eng, m.PostgresSchema), Files: files}); err == nil {
				t.Fatal("a damaged copy was restored")
			}
		})
	}
}

// With an S3 store the backup lists the files with their checksums rather
// than copying them; the restore checks that the store holds each.
func TestBackupWithS3ListsFiles(t *testing.T) {
	srv := s3test.Start(t)
	ctx := context.Background()
	loc := srv.Bucket(t)
	dep := newDeployment(t, db.SQLite, loc, srv.Config)
	out := filepath.Join(t.TempDir(), "backup")
	m, err := backup.Make(ctx, backup.Source{DB: dep.app.DB, Files: dep.app.Services.Files}, out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Files.Copied || m.Files.Count != 3 || m.Files.Store != loc {
		t.Fatalf("manifest files: %+v", m.Files)
	}
	if _, err := os.Stat(filepath.Join(out, backup.FilesDir)); err == nil {
		t.Fatal("an S3 backup copied the files")
	}
	if _, err := backup.Restore(ctx, out, backup.Target{DSN: target(t, db.SQLite, ""), Files: srv.Store(t, loc)}); err != nil {
		t.Fatal(err)
	}
	empty, _ := filestore.NewDir(t.TempDir())
	_, err = backup.Restore(ctx, out, backup.Target{DSN: target(t, db.SQLite, ""), Files: empty})
	if err == nil || !strings.Contains(err.Error(), "files copy") {
		t.Fatalf("restore against a store without the files: %v", err)
	}
}
