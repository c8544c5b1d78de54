package yearclose_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"testing"
	"time"

	"evalcred/internal/assessment"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/ledger"
	"evalcred/internal/locale"
	"evalcred/internal/notify"
	"evalcred/internal/project/projecttest"
	"evalcred/internal/training"
	"evalcred/internal/yearclose"
)

// env is one test's world: a database, a fake clock, the services wired as
// services.New wires them, and the people who act.
type env struct {
	t      testing.TB
	ctx    context.Context
	d      *db.DB
	clk    *clock.Fake
	credit *credit.Service
	assess *assessment.Service
	close  *yearclose.Service
	train  *training.Service

	reviewer, admin *auth.Actor
}

func newEnv(t testing.TB, d *db.DB) *env {
	e := &env{t: t, ctx: context.Background(), d: d, clk: clock.NewFake(time.Date(2025, 3, 3, 2, 0, 0, 0, time.UTC))}
	n := &notify.Notifier{T: locale.T}
	e.credit = &credit.Service{DB: d, Clock: e.clk, Notify: n, Ledger: ledger.New(ed25519.NewKeyFromSeed(make([]byte, 32)))}
	training.Register(e.credit)
	e.assess = &assessment.Service{DB: d, Clock: e.clk, Notify: n}
	e.close = &yearclose.Service{DB: d, Clock: e.clk, Credit: e.credit}
	e.train = &training.Service{DB: d, Clock: e.clk}
	e.reviewer = projecttest.User(t, d, e.clk, auth.RoleProvincialReviewer, "430000", 0)
	e.admin = projecttest.User(t, d, e.clk, auth.RoleProvincialAdmin, "430000", 0)
	return e
}

func day(s string) calendar.Date { return calendar.MustParseDate(s) }

// on moves the clock to 10:00 China time on d.
func (e *env) on(d calendar.Date) { e.clk.Set(d.Time().Add(10 * time.Hour)) }

func (e *env) institution() int64 { return projecttest.Institution(e.t, e.d, e.clk, "430102") }

// project inserts a completed project of year led by lead with the other
// institutions on its team, completed today, and returns its id. The rows
// are written directly: the project workflow is the project part's to test.
func (e *env) project(year int, amountFen, budgetFen int64, deadline calendar.Date, lead int64, others ...int64) int64 {
	e.t.Helper()
	var id int64
	err := e.d.Tx(e.ctx, func(tx *db.Tx) error {
		var err error
		id, err = insertProject(e.ctx, tx, e.clk.Now(), year, amountFen, budgetFen, deadline, lead)
		if err != nil {
			return err
		}
		for _, o := range others {
			if err := addMember(e.ctx, tx, e.clk.Now(), id, o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatalf("project: %v", err)
	}
	return id
}

func insertProject(ctx context.Context, tx *db.Tx, now time.Time, year int, amountFen, budgetFen int64, deadline calendar.Date, lead int64) (int64, error) {
	var dl any
	if !deadline.IsZero() {
		dl = deadline
	}
	id, err := tx.Insert(ctx, `INSERT INTO projects (year, name, amount_fen, client, client_norm, evaluated_unit, evaluated_unit_norm, region_code,
		deadline, fee_budget_fen, stage, lead_institution_id, created_at, updated_at)
		VALUES (?, '专项资金绩效评价', ?, '省财政厅', '省财政厅', '某单位', '某单位', '430100', ?, ?, 'completed', ?, ?, ?)`,
		year, amountFen, dl, budgetFen, lead, now, now)
	if err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO project_events (project_id, kind, from_stage, to_stage, note, actor_name, at) VALUES (?, 'stage', 'reporting', 'completed', 'report_accepted', 'test', ?)`, id, now)
	return id, err
}

// addMember puts a person of institution inst on the project's team.
func addMember(ctx context.Context, tx *db.Tx, now time.Time, projectID, inst int64) error {
	pid, err := tx.Insert(ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, '成员', ?)", memberID(projectID, inst), now)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "INSERT INTO team_members (project_id, person_id, institution_id, role, created_at) VALUES (?, ?, ?, 'member', ?)", projectID, pid, inst, now)
	return err
}

// memberID is a unique placeholder: team rows need a person, not a valid number.
func memberID(projectID, inst int64) string {
	return "T" + itoa(projectID) + "-" + itoa(inst)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// score assesses inst on project with the same score on every dimension.
func (e *env) score(projectID, inst int64, points string, personDays int64) *assessment.Assessment {
	e.t.Helper()
	return e.scoreEach(projectID, inst, personDays, points, points, points, points, points)
}

func (e *env) scoreEach(projectID, inst, personDays int64, s ...string) *assessment.Assessment {
	e.t.Helper()
	in := assessment.Input{InstitutionID: inst, Scores: map[string]json.Number{}, Justifications: map[string]string{}, PersonDays: personDays}
	for i, d := range assessment.Dimensions {
		in.Scores[d] = json.Number(s[i])
		in.Justifications[d] = "依据工作底稿与现场记录评分"
	}
	x, err := e.assess.Score(e.ctx, e.reviewer, projectID, in)
	if err != nil {
		e.t.Fatalf("score: %v", err)
	}
	return x
}

// gradeYear runs a whole year for the given institutions: one project each
// in the autumn, scored with points, then the close in January.
func (e *env) gradeYear(year int, points map[int64]string) *yearclose.Run {
	e.t.Helper()
	e.on(calendar.Date{Y: year, M: 11, D: 3})
	for inst, p := range points {
		pid := e.project(year, 100_000_000, 10_000_000, calendar.Date{}, inst)
		e.score(pid, inst, p, 10)
	}
	e.on(calendar.Date{Y: year + 1, M: 1, D: 20})
	r, err := e.close.Close(e.ctx, e.admin, year)
	if err != nil {
		e.t.Fatalf("close %d: %v", year, err)
	}
	if r.State != yearclose.StateDone {
		e.t.Fatalf("close %d: %s %s", year, r.State, r.Error)
	}
	return r
}

func (e *env) eligible(inst int64, on calendar.Date) bool {
	e.t.Helper()
	st, err := e.credit.Standing(e.ctx, e.d, inst, on)
	if err != nil {
		e.t.Fatal(err)
	}
	return st.Eligible
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}
