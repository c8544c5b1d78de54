package yeardemo

import (
	"context"
	"fmt"
	"slices"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/demo"
	"evalcred/internal/project"
	"evalcred/internal/region"
	"evalcred/internal/training"
)

// training holds the mandatory training of TrainingYear in Hunan: the agency
// and the graded institutions attend, and every other one of the rest of the
// demo institutions with filed people; of those who do not, one enrolled and
// stayed away.
func (d *seeder) training(graded []int64) error {
	ctx, p := d.ctx, d.past
	d.on(heldOn.AddDays(-9), 10)
	main, err := p.Training.CreateSession(ctx, d.hunan, training.SessionInput{Year: TrainingYear, Topic: fmt.Sprintf("%d年度预算绩效评价第三方机构业务培训", TrainingYear),
		HeldOn: heldOn, Mandatory: true})
	if err != nil {
		return err
	}
	if _, err := p.Training.CreateSession(ctx, d.hunan, training.SessionInput{Year: TrainingYear, Topic: "绩效评价报告撰写与指标体系设计专题讲座",
		HeldOn: calendar.Date{Y: TrainingYear, M: 12, D: 10}, Mandatory: false}); err != nil {
		return err
	}
	var agency int64
	if err := d.s.DB.QueryRow(ctx, "SELECT COALESCE(MAX(institution_id), 0) FROM users WHERE username = 'agency'").Scan(&agency); err != nil {
		return err
	}
	people, err := filedPeople(ctx, d.s.DB)
	if err != nil {
		return err
	}
	type attendee struct {
		person
		attends bool
	}
	var list []attendee
	others := 0
	for _, x := range people {
		attends := x.institutionID == agency || slices.Contains(graded, x.institutionID)
		if !attends {
			attends = others%2 == 0
			others++
		}
		list = append(list, attendee{x, attends})
	}
	// Enrolment: the institutions' own logins enrol their people; one of
	// those who will not attend enrols too.
	d.on(heldOn.AddDays(-6), 14)
	absentEnrolled := false
	for _, a := range list {
		if !a.attends && absentEnrolled {
			continue
		}
		u := institutionUser(ctx, d.s.DB, a.institutionID)
		if u == nil {
			continue
		}
		if _, err := p.Training.Enrol(ctx, u, main.ID, training.EnrolInput{IDNumber: a.idNumber, Name: a.name}); err != nil {
			return err
		}
		absentEnrolled = absentEnrolled || !a.attends
	}
	// The day itself: the province records who came (enrolling at the door
	// those who had not enrolled).
	d.on(heldOn, 17)
	for _, a := range list {
		if !a.attends && !a.enrolledBy(ctx, d.s.DB, main.ID) {
			continue
		}
		if _, err := p.Training.Record(ctx, d.hunan, main.ID, training.EnrolInput{IDNumber: a.idNumber, Name: a.name,
			InstitutionID: a.institutionID, Attended: a.attends}); err != nil {
			return err
		}
	}
	return nil
}

// assessCompleted scores, today, every institution not yet assessed on the
// completed demo projects of the current year; the comment windows are open.
func (d *seeder) assessCompleted() error {
	ctx, s := d.ctx, d.s
	ids, err := db.IDs(ctx, s.DB, "yeardemo: completed projects", "SELECT id FROM projects WHERE stage = ? AND year = ? ORDER BY id",
		project.StageCompleted, calendar.DateOf(s.Clock.Now()).Y)
	if err != nil {
		return err
	}
	for _, id := range ids {
		form, err := s.Assessment.FormFor(ctx, d.hunan, id)
		if err != nil {
			return err
		}
		for i, inst := range form.Pending {
			level := []int{91, 83, 76}[i%3]
			days := int64(10 + d.r.IntN(10))
			if i == 0 {
				days = 28
			}
			if _, err := s.Assessment.Score(ctx, d.hunan, id, d.scores(inst, level, days)); err != nil {
				return fmt.Errorf("score %d on %d: %w", inst, id, err)
			}
		}
	}
	return nil
}

// firms lists the institutions eligible on day (asked of the credit part,
// like selection does) that filed a lead evaluator and someone else, both
// free of any project not completed yet (other demo projects staff people).
func (d *seeder) firms(day calendar.Date) ([]demo.Firm, error) {
	ctx := d.ctx
	pool, err := d.past.Credit.EligiblePool(ctx, d.s.DB, region.Scope{Code: "430000"}, day)
	if err != nil {
		return nil, err
	}
	slices.Sort(pool)
	return demo.Staffable(ctx, d.s.DB, pool, `SELECT p.id_number, r.role, i.region_code FROM person_roles r JOIN persons p ON p.id = r.person_id
			JOIN institutions i ON i.id = r.institution_id WHERE r.institution_id = ? AND r.active = TRUE
			AND NOT EXISTS (SELECT 1 FROM team_members tm JOIN projects pr ON pr.id = tm.project_id WHERE tm.person_id = p.id AND pr.stage <> ?)
			ORDER BY r.id`, project.StageCompleted)
}

// lead is the lead institution's own login, or the demo acting for an
// institution without one.
func (d *seeder) lead(f demo.Firm) *auth.Actor {
	if u := institutionUser(d.ctx, d.s.DB, f.ID); u != nil {
		return u
	}
	return &auth.Actor{Username: "demo-lead", Role: auth.RoleInstitution, RegionCode: f.Region, InstitutionID: f.ID}
}

// person is the first filed person of a Hunan institution whose filing is
// approved.
type person struct {
	institutionID  int64
	idNumber, name string
}

func filedPeople(ctx context.Context, q db.Queryer) ([]person, error) {
	return db.List(ctx, q, "yeardemo: filed people", func(sc db.Scanner) (person, error) {
		var x person
		err := sc.Scan(&x.institutionID, &x.idNumber, &x.name)
		return x, err
	}, `SELECT r.institution_id, p.id_number, p.name FROM person_roles r JOIN persons p ON p.id = r.person_id
		JOIN institutions i ON i.id = r.institution_id
		WHERE r.active = TRUE AND i.status = 'active' AND i.approved_version > 0 AND i.region_code LIKE '43%'
		AND r.id = (SELECT MIN(r2.id) FROM person_roles r2 WHERE r2.institution_id = r.institution_id AND r2.active = TRUE)
		ORDER BY r.institution_id`)
}

// enrolledBy reports whether the person is enrolled for the session.
func (x person) enrolledBy(ctx context.Context, q db.Queryer, sessionID int64) bool {
	var n int
	_ = q.QueryRow(ctx, `SELECT COUNT(*) FROM training_attendance ta JOIN persons p ON p.id = ta.person_id WHERE ta.session_id = ? AND p.id_number = ?`,
		sessionID, x.idNumber).Scan(&n)
	return n > 0
}

// official returns the actor of a demo user, nil when it does not exist.
func official(ctx context.Context, q db.Queryer, username string) *auth.Actor {
	var id int64
	if err := q.QueryRow(ctx, "SELECT id FROM users WHERE username = ?", username).Scan(&id); err != nil {
		return nil
	}
	u, err := auth.GetUser(ctx, q, id)
	if err != nil {
		return nil
	}
	return u.Actor()
}

// institutionUser returns the first login of an institution, nil without one.
func institutionUser(ctx context.Context, q db.Queryer, institutionID int64) *auth.Actor {
	us, err := auth.UsersOfInstitution(ctx, q, institutionID)
	if err != nil || len(us) == 0 {
		return nil
	}
	return us[0].Actor()
}
