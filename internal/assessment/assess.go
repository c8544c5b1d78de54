package assessment

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
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
		p, err := projectStore{tx}.facts(ctx, projectID, a.Scope())
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
		today, now := calendar.Current(s.Clock), clock.Stamp(s.Clock)
		window, err := policy.Int(ctx, tx, p.RegionCode, "assessment.comment_window_workdays", today)
		if err != nil {
			return err
		}
		x := &Assessment{ProjectID: p.ID, InstitutionID: in.InstitutionID, Year: p.Year, RegionCode: p.RegionCode, Role: role,
			Scores: scores, Justifications: just, Weights: w, Total: Total(scores, w), PersonDays: in.PersonDays, CompletedOn: p.CompletedOn,
			CommentDeadline: s.cal().AddWorkdays(today, window), AssessedBy: a.UserID, AssessorRegion: a.RegionCode}
		id, err = assessmentStore{tx}.insert(ctx, x, now)
		if err != nil {
			return err
		}
		after := map[string]any{"project_id": p.ID, "institution_id": in.InstitutionID, "scores": scores, "weights": w, "total": x.Total}
		if err := audit.Record(ctx, tx, a.Who(), now, "assessment.scored", "assessment", id, p.RegionCode, nil, after); err != nil {
			return err
		}
		return s.notifyInstitution(ctx, tx, now, in.InstitutionID, "notice.assessment_scored", link(id), p.Name, Points(x.Total), x.CommentDeadline.String())
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
	// Names are the names of the pending institutions, in their order.
	PendingNames []string `json:"pending_institution_names"`
}

// FormFor prepares the scoring form of a project (assessment.score).
func (s *Service) FormFor(ctx context.Context, a *auth.Actor, projectID int64) (*Form, error) {
	if err := a.Require("assessment.score"); err != nil {
		return nil, err
	}
	p, err := projectStore{s.DB}.facts(ctx, projectID, a.Scope())
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
	assessed, err := assessmentStore{s.DB}.assessed(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, id := range p.Institutions {
		if slices.Contains(assessed, id) {
			f.AssessedInstitutes = append(f.AssessedInstitutes, id)
		} else {
			f.Pending = append(f.Pending, id)
		}
	}
	if f.PendingNames, err = (projectStore{s.DB}).institutionNames(ctx, f.Pending); err != nil {
		return nil, err
	}
	return f, nil
}
