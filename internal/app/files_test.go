package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/filestore/s3test"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/registry/registrytest"
)

// testKey is one ledger key for both servers of a deployment.
const testKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

// Two servers on one database and one S3-compatible store, each with a
// data directory of its own: a file uploaded through one is downloaded
// through the other byte for byte. The file is larger than one part of the
// client, so the upload goes in parts from the spooled file.
func TestTwoServersShareS3Files(t *testing.T) {
	srv := s3test.Start(t)
	dbtest.ForEachDSN(t, func(t *testing.T, first *db.DB, dsn string) {
		ctx := context.Background()
		second := dbtest.Another(t, dsn)
		clk := clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
		cfg := app.Defaults()
		cfg.Files, cfg.S3, cfg.LedgerKey = srv.Bucket(t), srv.Config, testKey
		var apps [2]*app.App
		var urls [2]string
		for i, d := range []*db.DB{first, second} {
			c := cfg
			c.DataDir = t.TempDir()
			a, err := app.New(d, c, clk)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Preflight(ctx); err != nil {
				t.Fatal(err)
			}
			apps[i] = a
			s := httptest.NewServer(a.Handler)
			t.Cleanup(s.Close)
			urls[i] = s.URL
		}
		instID, user := registrytest.NewApprovedInstitution(t, first, clk, "430102")
		token := loginAs(t, urls[0], user.Username, registrytest.Password)

		pdf := append(filingtest.PDF("licence"), bytes.Repeat([]byte("0123456789abcdef"), 17<<16)...) // 17 MB
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("kind", "business_license")
		_ = mw.WriteField("section", "institution")
		fw, _ := mw.CreateFormFile("file", "licence.pdf")
		_, _ = fw.Write(pdf)
		_ = mw.Close()
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/institutions/%d/attachments", urls[0], instID), &body)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 201 {
			t.Fatalf("upload through the first server: %d %s", res.StatusCode, b)
		}
		_, after, _ := strings.Cut(string(b), `"id":`)
		var id int64
		fmt.Sscan(strings.TrimRight(after[:strings.IndexAny(after, ",}")], " "), &id)

		req, _ = http.NewRequest("GET", fmt.Sprintf("%s/api/v1/attachments/%d", urls[1], id), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !bytes.Equal(got, pdf) {
			t.Fatalf("download through the second server: %d, %d bytes (want %d, equal %v)", res.StatusCode, len(got), len(pdf), bytes.Equal(got, pdf))
		}
	})
}

func loginAs(t *testing.T, base, user, password string) string {
	t.Helper()
	res, err := httpPost(base+"/api/v1/auth/login", "", `{"username":"`+user+`","password":"`+password+`"}`)
	if err != nil || res.status != 200 {
		t.Fatalf("login %s: %v %+v", user, err, res)
	}
	_, after, _ := strings.Cut(res.body, `"token":"`)
	tok, _, _ := strings.Cut(after, `"`)
	return tok
}

// The start-up checks refuse, in one line, a data directory that cannot be
// made and a file store whose bucket does not exist. (The tests run as root,
// who may write anywhere: a directory under a file stands for one that
// cannot be written.)
func TestPreflightRefusesMisconfiguration(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t, db.SQLite)
	clk := clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := writeFile(blocker); err != nil {
		t.Fatal(err)
	}
	cfg := app.Defaults()
	cfg.DataDir, cfg.Files, cfg.LedgerKey = filepath.Join(blocker, "data"), t.TempDir(), testKey
	if _, err := app.New(d, cfg, clk); err == nil || !strings.Contains(err.Error(), "data directory") || strings.Contains(err.Error(), "\n") {
		t.Errorf("data directory under a file: %v", err)
	}

	srv := s3test.Start(t)
	cfg.DataDir, cfg.Files, cfg.S3 = t.TempDir(), "s3://no-such-bucket/files", srv.Config
	a, err := app.New(d, cfg, clk)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Preflight(ctx); err == nil || !strings.Contains(err.Error(), "cannot be written") || strings.Contains(err.Error(), "\n") {
		t.Errorf("missing bucket: %v", err)
	}
}
