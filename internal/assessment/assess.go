package assessment

import (
	"context"
	"encoding/json"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// Input is the body of POST /api/v1/projects/{id}/assessments. Scores are
// numbers 0-100 with at most two decimals. PersonDays is the institution's
// workload on the project, the basis of its basic fee.
type Input struct {
	InstitutionID  int64                  `json:"institution_id"`
	Scores         map[string]json.Number `json:"scores"`
	Justifications map[string]string      `json:"justifications"`
	PersonDays     int64                  `json:"person_days"`
}

// Score records the assessment of one institution on a completed project,
// weighted by the policy in force on the completion date, and notifies the
// institution of its comment window. Needs assessment.score and the project
// in the assessor's region; one assessment per project and institution (409).
func (s *Service) Score(ctx context.Context, a *auth.Actor, projectID int64, in Input) (*Assessment, error) {
	if err := a.Require("assessment.score"); err != nil {
		return nil, err
	}
	var f apperr.Fields
	if in.InstitutionID <= 0 {
		f.Add("institution_id", "field.required")
	}
	if in.PersonDays < 0 || in.PersonDays > 100000 {
		f.Add("person_days", "assessment.field.person_days")
	}
	scores, just := parseInput(in.Scores, in.Justifications, &f)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var id int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := loadProject(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if p.Stage != "completed" {
			return apperr.New(apperr.Conflict, "assessment.error.project_not_completed")
		}
		role, ok := p.role(in.InstitutionID)
		if !ok {
			return apperr.InvalidField("institution_id", "assessment.field.not_on_team")
		}
		w, err := WeightsOn(ctx, tx, p.RegionCode, p.CompletedOn)
		if err != nil {
			return err
		}
		window, err := policy.Int(ctx, tx, p.RegionCode, "assessment.comment_window_workdays", s.today())
		if err != nil {
			return err
		}
		deadline := s.cal().AddWorkdays(s.today(), window)
		jb, _ := json.Marshal(just)
		wb, _ := json.Marshal(w)
		now := s.now()
		total := Total(scores, w)
		// ON CONFLICT DO NOTHING rather than catching the duplicate: on
		// PostgreSQL a failed statement would abort the transaction.
		id, err = tx.Insert(ctx, `INSERT INTO assessments (project_id, institution_id, year, province_code, region_code, role, scheme_design, onsite,
			timeliness, rigour, report, justifications_json, weights_json, total, person_days, completed_on, comment_deadline, state, assessed_by,
			assessor_region, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (project_id, institution_id) DO NOTHING`,
			p.ID, in.InstitutionID, p.Year, policy.ProvinceOf(p.RegionCode), p.RegionCode, role, scores["scheme_design"], scores["onsite"],
			scores["timeliness"], scores["rigour"], scores["report"], string(jb), string(wb), total, in.PersonDays, p.CompletedOn, deadline,
			StateOpen, a.UserID, a.RegionCode, now, now)
		if db.IsNoRows(err) {
			return apperr.New(apperr.Conflict, "assessment.error.already_assessed")
		}
		if err != nil {
			return err
		}
		after := map[string]any{"project_id": p.ID, "institution_id": in.InstitutionID, "scores": scores, "weights": w, "total": total}
		if err := audit.Record(ctx, tx, a.Who(), now, "assessment.scored", "assessment", id, p.RegionCode, nil, after); err != nil {
			return err
		}
		return s.notifyInstitution(ctx, tx, in.InstitutionID, "notice.assessment_scored", link(id), p.Name, Points(total), deadline.String())
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, s.DB, a, id)
}

func link(id int64) string { return "/assessments/" + strconv.FormatInt(id, 10) }

// Points shows a score x100 as points with two decimals ("85.50").
func Points(x100 int) string {
	return strconv.Itoa(x100/100) + "." + strconv.Itoa(x100%100/10) + strconv.Itoa(x100%10)
}

// Form is what the scoring form offers for a project: the weights in force on
// its completion date, the prefilled timeliness score and the institutions
// still to be assessed (GET /api/v1/projects/{id}/assessment-form).
type Form struct {
	ProjectID          int64         `json:"project_id"`
	ProjectName        string        `json:"project_name"`
	Stage              string        `json:"stage"`
	CompletedOn        calendar.Date `json:"completed_on"`
	Deadline           calendar.Date `json:"deadline"`
	LateWorkdays       int           `json:"late_workdays"`
	TimelinessSuggest  *int          `json:"timeliness_suggested"` // x100; null without a deadline
	Weights            Weights       `json:"weights"`
	Pending            []int64       `json:"pending_institution_ids"`
	AssessedInstitutes []int64       `json:"assessed_institution_ids"`
}

// FormFor prepares the scoring form of a project (assessment.score).
func (s *Service) FormFor(ctx context.Context, a *auth.Actor, projectID int64) (*Form, error) {
	if err := a.Require("assessment.score"); err != nil {
		return nil, err
	}
	p, err := loadProject(ctx, s.DB, a, projectID)
	if err != nil {
		return nil, err
	}
	f := &Form{ProjectID: p.ID, ProjectName: p.Name, Stage: p.Stage, CompletedOn: p.CompletedOn, Deadline: p.Deadline,
		Pending: []int64{}, AssessedInstitutes: []int64{}}
	if f.Weights, err = WeightsOn(ctx, s.DB, p.RegionCode, p.CompletedOn); err != nil {
		return nil, err
	}
	sc, late, ok, err := s.TimelinessSuggestion(ctx, s.DB, p.RegionCode, p.Deadline, p.CompletedOn)
	if err != nil {
		return nil, err
	}
	if ok {
		f.TimelinessSuggest, f.LateWorkdays = &sc, late
	}
	done := map[int64]bool{}
	rows, err := s.DB.Query(ctx, "SELECT institution_id FROM assessments WHERE project_id = ?", p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		done[id] = true
	}
	for _, id := range p.Institutions {
		if done[id] {
			f.AssessedInstitutes = append(f.AssessedInstitutes, id)
		} else {
			f.Pending = append(f.Pending, id)
		}
	}
	return f, rows.Err()
}
