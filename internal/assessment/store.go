package assessment

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// assessmentStore holds every query of assessments (with their comments and
// settlements): q is the *db.DB for reads or the *db.Tx inside a transaction.
type assessmentStore struct{ q db.Queryer }

const cols = `a.id, a.project_id, p.name, a.institution_id, i.name, a.year, a.region_code, a.role, a.scheme_design, a.onsite, a.timeliness,
	a.rigour, a.report, a.justifications_json, a.weights_json, a.total, a.person_days, a.completed_on, a.comment_deadline, a.state, a.comment,
	a.original_json, a.settlement, a.settlement_note, a.assessed_by, a.assessor_region, a.lock_version, a.created_at`

const from = ` FROM assessments a JOIN projects p ON p.id = a.project_id JOIN institutions i ON i.id = a.institution_id`

// scan reads the columns of cols; Final and Actions depend on the day and
// the reader, and are the service's to fill (Assessment.show).
func scan(r db.Scanner) (*Assessment, error) {
	var x Assessment
	var sd, on, tl, rg, rp int
	var just, weights, orig string
	err := r.Scan(&x.ID, &x.ProjectID, &x.ProjectName, &x.InstitutionID, &x.InstitutionName, &x.Year, &x.RegionCode, &x.Role, &sd, &on, &tl,
		&rg, &rp, &just, &weights, &x.Total, &x.PersonDays, &x.CompletedOn, &x.CommentDeadline, &x.State, &x.Comment,
		&orig, &x.Settlement, &x.SettlementNote, &x.AssessedBy, &x.AssessorRegion, &x.LockVersion, &x.CreatedAt)
	if err != nil {
		return nil, err
	}
	x.Scores = Scores{"scheme_design": sd, "onsite": on, "timeliness": tl, "rigour": rg, "report": rp}
	if err := json.Unmarshal([]byte(just), &x.Justifications); err != nil {
		return nil, fmt.Errorf("assessment %d: justifications: %w", x.ID, err)
	}
	if err := json.Unmarshal([]byte(weights), &x.Weights); err != nil {
		return nil, fmt.Errorf("assessment %d: weights: %w", x.ID, err)
	}
	if orig != "" {
		x.Original = json.RawMessage(orig)
	}
	x.Actions = []string{}
	return &x, nil
}

// visibleSQL limits assessments (alias a) to what the actor may see:
// officials those of projects in their region, institution users their own.
func visibleSQL(a *auth.Actor) (string, []any) {
	switch {
	case a.ForInstitution():
		return "a.institution_id = ?", []any{a.InstitutionID}
	case a.Official():
		return a.Scope().SQL("a.region_code")
	}
	return "1=0", nil
}

// get returns an assessment a may see, NotFound otherwise.
func (s assessmentStore) get(ctx context.Context, a *auth.Actor, id int64) (*Assessment, error) {
	cond, args := visibleSQL(a)
	x, err := scan(s.q.QueryRow(ctx, "SELECT "+cols+from+" WHERE a.id = ? AND "+cond, append([]any{id}, args...)...))
	return db.Found(x, err, "assessment", "assessment: load %d", id)
}

// list returns the assessments a may see that match f, by project then
// institution.
func (s assessmentStore) list(ctx context.Context, a *auth.Actor, f Filter) ([]*Assessment, error) {
	cond, args := visibleSQL(a)
	q := "SELECT " + cols + from + " WHERE " + cond
	add := func(c string, v any) { q += " AND " + c; args = append(args, v) }
	if f.ProjectID != 0 {
		add("a.project_id = ?", f.ProjectID)
	}
	if f.InstitutionID != 0 {
		add("a.institution_id = ?", f.InstitutionID)
	}
	if f.Year != 0 {
		add("a.year = ?", f.Year)
	}
	if f.Province != "" {
		add("a.province_code = ?", f.Province)
	}
	return db.List(ctx, s.q, "assessment: list", scan, q+" ORDER BY a.project_id, a.institution_id", args...)
}

// ofInstitution returns an institution's assessments of a year, by project.
func (s assessmentStore) ofInstitution(ctx context.Context, institutionID int64, year int) ([]*Assessment, error) {
	return db.List(ctx, s.q, "assessment: list", scan, "SELECT "+cols+from+" WHERE a.institution_id = ? AND a.year = ? ORDER BY a.project_id",
		institutionID, year)
}

// assessed lists the institutions already assessed on a project.
func (s assessmentStore) assessed(ctx context.Context, projectID int64) ([]int64, error) {
	return db.IDs(ctx, s.q, "assessment: assessed", "SELECT institution_id FROM assessments WHERE project_id = ?", projectID)
}

// insert records x, open, and returns its id; a second assessment of the
// same institution on the project is a Conflict. ON CONFLICT DO NOTHING
// rather than catching the duplicate: on PostgreSQL a failed statement would
// abort the transaction.
func (s assessmentStore) insert(ctx context.Context, x *Assessment, now time.Time) (int64, error) {
	jb, _ := json.Marshal(x.Justifications)
	wb, _ := json.Marshal(x.Weights)
	var id int64
	err := s.q.QueryRow(ctx, `INSERT INTO assessments (project_id, institution_id, year, province_code, region_code, role, scheme_design, onsite,
			timeliness, rigour, report, justifications_json, weights_json, total, person_days, completed_on, comment_deadline, state, assessed_by,
			assessor_region, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (project_id, institution_id) DO NOTHING RETURNING id`,
		x.ProjectID, x.InstitutionID, x.Year, policy.ProvinceOf(x.RegionCode), x.RegionCode, x.Role, x.Scores["scheme_design"], x.Scores["onsite"],
		x.Scores["timeliness"], x.Scores["rigour"], x.Scores["report"], string(jb), string(wb), x.Total, x.PersonDays, x.CompletedOn, x.CommentDeadline,
		StateOpen, x.AssessedBy, x.AssessorRegion, now, now).Scan(&id)
	if db.IsNoRows(err) {
		return 0, apperr.New(apperr.Conflict, "assessment.error.already_assessed")
	}
	return id, err
}

// comment moves x to state to with the institution's comment; ErrStale when
// x changed meanwhile.
func (s assessmentStore) comment(ctx context.Context, x *Assessment, to, comment string, by int64, now time.Time) error {
	return s.q.Update(ctx, `UPDATE assessments SET state = ?, comment = ?, commented_by = ?, commented_at = ?, updated_at = ?,
			lock_version = lock_version + 1 WHERE id = ? AND state = ? AND lock_version = ?`,
		to, comment, by, now, now, x.ID, x.State, x.LockVersion)
}

// settlement is how a dispute was decided.
type settlement struct {
	Scores         Scores
	Justifications map[string]string
	Total          int
	Original       string // the scores, justifications and total before
	Decision, Note string
	By             int64
}

// settle moves x to settled with the decision st; ErrStale when x changed
// meanwhile.
func (s assessmentStore) settle(ctx context.Context, x *Assessment, st settlement, now time.Time) error {
	jb, _ := json.Marshal(st.Justifications)
	sc := st.Scores
	return s.q.Update(ctx, `UPDATE assessments SET state = ?, scheme_design = ?, onsite = ?, timeliness = ?, rigour = ?, report = ?,
			justifications_json = ?, total = ?, original_json = ?, settlement = ?, settlement_note = ?, settled_by = ?, settled_at = ?, updated_at = ?,
			lock_version = lock_version + 1 WHERE id = ? AND state = ? AND lock_version = ?`,
		StateSettled, sc["scheme_design"], sc["onsite"], sc["timeliness"], sc["rigour"], sc["report"], string(jb), st.Total,
		st.Original, st.Decision, st.Note, st.By, now, now, x.ID, x.State, x.LockVersion)
}

// finalSQL is the one definition of "the assessment counts" (alias a) on
// day in SQL: settled or commented, or open with its comment window passed
// (Assessment.final is the same rule in Go).
func finalSQL(alias string, day calendar.Date) (string, []any) {
	a := alias + "."
	return "(" + a + "state IN ('commented', 'settled') OR (" + a + "state = 'open' AND " + a + "comment_deadline < ?))", []any{day}
}

// pending counts a province's assessments of year that are not final on day.
func (s assessmentStore) pending(ctx context.Context, province string, year int, day calendar.Date) (int, error) {
	c, args := finalSQL("a", day)
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM assessments a WHERE a.province_code = ? AND a.year = ? AND NOT "+c,
		append([]any{province, year}, args...)...).Scan(&n)
	return n, err
}

// counted lists a province's assessments of year that are final on day,
// with their projects' amounts, by institution then project.
func (s assessmentStore) counted(ctx context.Context, province string, year int, day calendar.Date) ([]Counted, error) {
	c, args := finalSQL("a", day)
	return db.List(ctx, s.q, "assessment: counted", func(sc db.Scanner) (Counted, error) {
		var it Counted
		err := sc.Scan(&it.AssessmentID, &it.ProjectID, &it.InstitutionID, &it.Total, &it.AmountFen, &it.FeeBudgetFen, &it.PersonDays)
		return it, err
	}, `SELECT a.id, a.project_id, a.institution_id, a.total, p.amount_fen, p.fee_budget_fen, a.person_days
		FROM assessments a JOIN projects p ON p.id = a.project_id WHERE a.province_code = ? AND a.year = ? AND `+c+`
		ORDER BY a.institution_id, a.project_id`, append([]any{province, year}, args...)...)
}

// totals lists every institution's assessment totals (not those disputed),
// oldest first per institution.
func (s assessmentStore) totals(ctx context.Context) ([][2]int64, error) {
	return db.List(ctx, s.q, "assessment: totals", scanPair, `SELECT institution_id, total FROM assessments WHERE state IN ('open', 'commented', 'settled') ORDER BY institution_id, created_at, id`)
}

// projectAmounts maps the projects an institution was assessed on in year
// to their amounts.
func (s assessmentStore) projectAmounts(ctx context.Context, institutionID int64, year int) (map[int64]int64, error) {
	list, err := db.List(ctx, s.q, "assessment: amounts", scanPair, `SELECT p.id, p.amount_fen FROM projects p JOIN assessments a ON a.project_id = p.id WHERE a.institution_id = ? AND a.year = ?`,
		institutionID, year)
	amounts := map[int64]int64{}
	for _, t := range list {
		amounts[t[0]] = t[1]
	}
	return amounts, err
}

func scanPair(sc db.Scanner) ([2]int64, error) {
	var t [2]int64
	err := sc.Scan(&t[0], &t[1])
	return t, err
}
