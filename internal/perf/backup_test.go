package perf_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"evalcred/internal/db"
)

// TestBackupUnderLoad measures `evalcred backup` on a generated SQLite
// database while a server takes review decisions at a steady rate
// (EVALCRED_PERF=1 to run; the data set as for TestLoad, and
// EVALCRED_PERF_WRITES [400] decisions a second). It reports the backup's
// time and the writes acknowledged meanwhile, restores the backup with
// `evalcred restore` (which verifies the ledger and the files), and checks
// that every decision acknowledged before the backup began is in the copy.
// It asserts no time: the figures go to docs/performance.md.
func TestBackupUnderLoad(t *testing.T) {
	perfOnly(t, "measure a backup under load (minutes; see docs/performance.md)")
	ctx := context.Background()
	bin := build(t, "./cmd/evalcred", t.TempDir())
	e := &engineRun{t: t, s: load(), bin: bin}
	path := prepareSQLite(t, e)
	info, _ := os.Stat(path)
	srv := e.start(path)
	defer srv.Stop()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	pool := level2Pool(t, d)
	token := login(t, srv.URL(), "hunan")

	// The writer: decisions at a steady rate, by four workers taking ticks.
	rate := envInt("EVALCRED_PERF_WRITES", 400)
	var mu sync.Mutex
	var acked []int64
	failures := 0
	stop := make(chan struct{})
	ticks := make(chan int64)
	go func() {
		defer close(ticks)
		tk := time.NewTicker(time.Second / time.Duration(rate))
		defer tk.Stop()
		for i := int64(0); i < int64(len(pool)); i++ {
			select {
			case <-stop:
				return
			case <-tk.C:
				ticks <- pool[i]
			}
		}
	}()
	var wg sync.WaitGroup
	body := []byte(`{"decision":"approve","comments":{"general":"材料齐全，同意通过"}}`)
	for range 4 {
		wg.Go(func() {
			for id := range ticks {
				req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/reviews/%d/decision", srv.URL(), id), bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				res, err := http.DefaultClient.Do(req)
				mu.Lock()
				if err == nil && res.StatusCode == 200 {
					acked = append(acked, id)
				} else {
					failures++
				}
				mu.Unlock()
				if err == nil {
					res.Body.Close()
				}
			}
		})
	}
	const warm = 5 * time.Second // the writes under way
	time.Sleep(warm)
	mu.Lock()
	before := append([]int64(nil), acked...)
	mu.Unlock()

	out := filepath.Join(t.TempDir(), "backup")
	start := time.Now()
	cmd := exec.Command(bin, "backup", "-db", path, "-out", out)
	cmd.Env = append(os.Environ(), "EVALCRED_DATA_DIR="+e.dataDir)
	b, err := cmd.CombinedOutput()
	took := time.Since(start)
	mu.Lock()
	during := len(acked) - len(before)
	mu.Unlock()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, b)
	}
	t.Logf("backup of %.2f GB took %v while decisions were sent at %d/s: %.0f/s acknowledged before it, %d during it (%.0f/s), %d failed\n%s",
		float64(info.Size())/1e9, took.Round(100*time.Millisecond), rate, float64(len(before))/warm.Seconds(), during, float64(during)/took.Seconds(), failures, b)

	restored := filepath.Join(t.TempDir(), "restored.db")
	start = time.Now()
	cmd = exec.Command(bin, "restore", "-from", out, "-db", restored)
	cmd.Env = append(os.Environ(), "EVALCRED_FILES="+filepath.Join(t.TempDir(), "files"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("restore: %v\n%s", err, b)
	} else {
		t.Logf("restore (with integrity check and ledger verify) took %v\n%s", time.Since(start).Round(100*time.Millisecond), b)
	}
	rd, err := db.Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if n := verifyDecisions(t, rd, before); n != len(before) {
		t.Errorf("%d of the %d decisions acknowledged before the backup began are in the copy", n, len(before))
	}
}
