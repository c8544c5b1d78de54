package cli

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/registry/registrytest"
)

func run(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }}
	err := Run(context.Background(), e, args)
	return out.String(), errOut.String(), err
}

// openApp opens the platform as serve does, on the database cfg names.
func openApp(t *testing.T, cfg app.Config, clk clock.Clock) *app.App {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, clk)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// proposed writes a database for the commands to read: at dbPath, a new
// SQLite database where a provincial reviewer proposed a credit record
// against one institution for each of facts. It returns the records' ids.
func proposed(t *testing.T, dbPath string, facts ...string) []int64 {
	t.Helper()
	cfg := app.Defaults()
	cfg.DB = dbPath
	clk := clock.NewFake(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
	a := openApp(t, cfg, clk)
	defer a.Close()
	instID, _ := registrytest.NewApprovedInstitution(t, a.DB, clk, "430102")
	reviewer := registrytest.Official(t, a.DB, clk, auth.RoleProvincialReviewer, "430000")
	var ids []int64
	for _, f := range facts {
		res, err := a.Services.Credit.Propose(context.Background(), reviewer, credit.ProposeInput{InstitutionID: instID, Kind: credit.KindBad,
			Severity: credit.SeverityGeneral, Category: "poor_quality", Facts: f, Basis: "财监〔2021〕4号"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.ID)
	}
	return ids
}

func TestVersionAndUsage(t *testing.T) {
	out, _, err := run(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "evalcred ") {
		t.Errorf("version: %q, %v", out, err)
	}
	_, stderr, err := run(t, nil, "frobnicate")
	if !errors.Is(err, ErrUsage) || !strings.Contains(stderr, `unknown command "frobnicate"`) || !strings.Contains(stderr, "serve") {
		t.Errorf("unknown command: %v %q", err, stderr)
	}
}

func TestUserAdd(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "x.db")
	out, _, err := run(t, nil, "user", "add", "-db", dbPath, "-username", "yueyang", "-password", "longenough", "-role", "local_reviewer", "-region", "430600")
	if err != nil || !strings.Contains(out, "created user yueyang") {
		t.Fatalf("user add: %q %v", out, err)
	}
	// The same name again, and a bad role and region: refused naming the fields.
	_, _, err = run(t, nil, "user", "add", "-db", dbPath, "-username", "yueyang", "-password", "longenough", "-role", "local_reviewer", "-region", "430600")
	if err == nil || !strings.Contains(err.Error(), "username") {
		t.Errorf("duplicate: %v", err)
	}
	_, _, err = run(t, nil, "user", "add", "-db", dbPath, "-username", "x1y2z3", "-password", "short", "-role", "king", "-region", "999999")
	for _, field := range []string{"password", "role", "region_code"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("bad user: %v, want it to name %s", err, field)
		}
	}
}

// The operator gives an account nobody else can reset (the only
// administrator) a temporary password, printed once.
func TestUserResetPassword(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "x.db")
	if _, _, err := run(t, nil, "user", "add", "-db", dbPath, "-username", "onlyadmin", "-password", "longenough", "-role", "provincial_admin", "-region", "430000"); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, nil, "user", "reset-password", "-db", dbPath, "-username", "onlyadmin")
	m := regexp.MustCompile(`temporary password of onlyadmin: (\S+)`).FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("reset: %q %v", out, err)
	}
	d, err := db.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := &auth.Service{DB: d, Clock: clock.System{}}
	if _, _, u, err := s.Login(context.Background(), "onlyadmin", m[1], "", auth.KindBearer); err != nil || !u.MustChangePassword {
		t.Errorf("login with the temporary password: %v", err)
	}
	if _, _, err := run(t, nil, "user", "reset-password", "-db", dbPath, "-username", "nobody"); err == nil {
		t.Errorf("reset of a missing account succeeded")
	}
}

func TestConfigErrorStopsBeforeStart(t *testing.T) {
	_, _, err := run(t, map[string]string{"EVALCRED_PUBLIC_RATE": "lots"}, "migrate", "-db", filepath.Join(t.TempDir(), "y.db"))
	if err == nil || !strings.Contains(err.Error(), "EVALCRED_PUBLIC_RATE") {
		t.Errorf("err = %v", err)
	}
	_, _, err = run(t, nil, "serve", "-addr", "nonsense", "-db", filepath.Join(t.TempDir(), "y.db"))
	if err == nil || !strings.Contains(err.Error(), "addr") {
		t.Errorf("err = %v", err)
	}
}

func TestMigrateReportsVersion(t *testing.T) {
	out, _, err := run(t, nil, "migrate", "-db", filepath.Join(t.TempDir(), "m.db"))
	if err != nil || !strings.Contains(out, "schema version") {
		t.Errorf("migrate: %q %v", out, err)
	}
}
