package perf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Build compiles a main package of this module (./cmd/evalcred,
// ./internal/perf/ceiling) into dir and returns the binary's path.
func Build(ctx context.Context, root, pkg, dir string) (string, error) {
	out := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return out, nil
}

// ModuleRoot finds the directory holding go.mod above the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("perf: go.mod not found")
		}
		dir = parent
	}
}

// FreeAddr returns a loopback address with a port free at the time of asking.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// Server is a started server process.
type Server struct {
	Cmd     *exec.Cmd
	Addr    string
	Ready   time.Duration // from exec to the first 200 of the ready path
	stderr  bytes.Buffer
	started time.Time
}

// URL is the server's base URL.
func (s *Server) URL() string { return "http://" + s.Addr }

// Start runs bin with args and env (added to this process's environment)
// and polls readyPath every millisecond until it answers 200, for at most
// timeout: the time to that answer is the start-up-to-ready time.
func Start(bin string, args, env []string, addr, readyPath string, timeout time.Duration) (*Server, error) {
	s := &Server{Addr: addr}
	s.Cmd = exec.Command(bin, args...)
	s.Cmd.Env = append(os.Environ(), env...)
	s.Cmd.Stderr = &s.stderr
	s.started = time.Now()
	if err := s.Cmd.Start(); err != nil {
		return nil, err
	}
	c := &http.Client{Timeout: time.Second}
	for time.Since(s.started) < timeout {
		resp, err := c.Get(s.URL() + readyPath)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.Ready = time.Since(s.started)
				return s, nil
			}
		}
		if s.Cmd.ProcessState != nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	s.Stop()
	return nil, fmt.Errorf("%s not ready after %v: %s", bin, timeout, s.stderr.String())
}

// Stop sends SIGTERM (a graceful shutdown) and waits, killing after 20 s.
func (s *Server) Stop() {
	if s.Cmd.Process == nil {
		return
	}
	_ = s.Cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.Cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = s.Cmd.Process.Kill()
		<-done
	}
}

// Stderr is what the server logged (warnings and errors at log level warn).
func (s *Server) Stderr() string { return s.stderr.String() }

// RSS is the process's resident memory (VmRSS of /proc/PID/status) in bytes.
func (s *Server) RSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.Cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("perf: no VmRSS")
}

// CPU is the process's user+system CPU time so far, in clock ticks
// (/proc/PID/stat fields 14 and 15).
func (s *Server) CPU() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.Cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; fields start after its closing ')'.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	if len(f) < 13 {
		return 0, errors.New("perf: short /proc stat")
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return u + k, nil
}

// WaitIdle waits until the process used no CPU for a whole second (its
// start-up jobs are done), for at most max.
func (s *Server) WaitIdle(max time.Duration) {
	end := time.Now().Add(max)
	prev, _ := s.CPU()
	for time.Now().Before(end) {
		time.Sleep(time.Second)
		cur, err := s.CPU()
		if err != nil || cur-prev <= 1 {
			return
		}
		prev = cur
	}
}
