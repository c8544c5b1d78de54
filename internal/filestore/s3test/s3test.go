// Package s3test gives tests a real S3-compatible object store: s3rver
// (from npm), run as a process of its own, reached over HTTP by the same
// client the server uses. EVALCRED_TEST_S3 names either the s3rver command
// (the test starts one in a temporary directory and stops it at the end) or
// the URL of a store already running (http://127.0.0.1:4568, with the keys
// in EVALCRED_TEST_S3_ACCESS_KEY and EVALCRED_TEST_S3_SECRET_KEY, s3rver's
// S3RVER by default). Without it, tests that need a store skip.
package s3test

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"evalcred/internal/filestore"
)

// Env names the environment variable that enables the tests.
const Env = "EVALCRED_TEST_S3"

// Server is a running store.
type Server struct {
	Config filestore.S3Config
	client *minio.Client
}

var listening = regexp.MustCompile(`listening on ([0-9.]+:[0-9]+)`)

// Start returns a store for tb, or skips tb when EVALCRED_TEST_S3 is unset.
func Start(tb testing.TB) *Server {
	tb.Helper()
	v := os.Getenv(Env)
	if v == "" {
		tb.Skip(Env + " not set: no S3-compatible store to test against")
	}
	cfg := filestore.S3Config{AccessKey: "S3RVER", SecretKey: "S3RVER"}
	if k := os.Getenv("EVALCRED_TEST_S3_ACCESS_KEY"); k != "" {
		cfg.AccessKey, cfg.SecretKey = k, os.Getenv("EVALCRED_TEST_S3_SECRET_KEY")
	}
	if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		cfg.Endpoint = v
	} else {
		cfg.Endpoint = "http://" + startS3rver(tb, v)
	}
	host := strings.TrimPrefix(strings.TrimPrefix(cfg.Endpoint, "http://"), "https://")
	c, err := minio.New(host, &minio.Options{Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: strings.HasPrefix(cfg.Endpoint, "https://")})
	if err != nil {
		tb.Fatal(err)
	}
	return &Server{Config: cfg, client: c}
}

// startS3rver runs the s3rver command on a free loopback port and returns
// its address once it listens.
func startS3rver(tb testing.TB, command string) string {
	tb.Helper()
	cmd := exec.Command(command, "-d", tb.TempDir(), "-a", "127.0.0.1", "-p", "0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		tb.Fatalf("s3test: start %s: %v", command, err)
	}
	tb.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			tb.Fatalf("s3test: %s exited before listening", command)
		}
		return a
	case <-time.After(60 * time.Second):
		tb.Fatalf("s3test: %s did not say where it listens within a minute", command)
	}
	return ""
}

// Bucket creates a bucket of its own for tb and returns the EVALCRED_FILES
// value of a prefix in it.
func (s *Server) Bucket(tb testing.TB) string {
	tb.Helper()
	var b [5]byte
	_, _ = rand.Read(b[:])
	name := "evalcred-" + hex.EncodeToString(b[:])
	if err := s.client.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		tb.Fatalf("s3test: make bucket: %v", err)
	}
	return "s3://" + name + "/files"
}

// Store opens the store of loc with the server's settings.
func (s *Server) Store(tb testing.TB, loc string) *filestore.S3 {
	tb.Helper()
	st, err := filestore.NewS3(loc, s.Config)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

// Requests counts the requests of one client, by kind.
type Requests struct {
	mu    sync.Mutex
	parts int
}

// Parts is the number of parts of multipart uploads sent.
func (r *Requests) Parts() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.parts
}

type counting struct {
	next http.RoundTripper
	r    *Requests
}

func (c counting) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPut && req.URL.Query().Get("partNumber") != "" {
		c.r.mu.Lock()
		c.r.parts++
		c.r.mu.Unlock()
	}
	return c.next.RoundTrip(req)
}

// CountingStore is Store with a client whose requests are counted.
func (s *Server) CountingStore(tb testing.TB, loc string) (*filestore.S3, *Requests) {
	tb.Helper()
	r := &Requests{}
	cfg := s.Config
	cfg.Transport = counting{http.DefaultTransport, r}
	st, err := filestore.NewS3(loc, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return st, r
}
