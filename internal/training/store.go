package training

import (
	"context"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/region"
)

// sessionStore holds every query of training sessions and their
// attendance (the people enrolled, by resident ID number through persons).
// Its writes run in the transaction it is built on.
type sessionStore struct{ q db.Queryer }

// insertSession writes a session of a province.
func (s sessionStore) insertSession(ctx context.Context, province string, in SessionInput, by int64, now time.Time) (int64, error) {
	return s.q.Insert(ctx, `INSERT INTO training_sessions (province_code, year, topic, held_on, mandatory, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		province, in.Year, in.Topic, in.HeldOn, in.Mandatory, by, now)
}

const sessionCols = `t.id, t.province_code, t.year, t.topic, t.held_on, t.mandatory,
	(SELECT COUNT(*) FROM training_attendance x WHERE x.session_id = t.id),
	(SELECT COUNT(*) FROM training_attendance x WHERE x.session_id = t.id AND x.attended = TRUE)`

func scanSession(r db.Scanner) (*Session, error) {
	var x Session
	err := r.Scan(&x.ID, &x.ProvinceCode, &x.Year, &x.Topic, &x.HeldOn, &x.Mandatory, &x.Enrolled, &x.Attended)
	return &x, err
}

// session reads a session of a province; others are NotFound.
func (s sessionStore) session(ctx context.Context, id int64, province string) (*Session, error) {
	x, err := scanSession(s.q.QueryRow(ctx, "SELECT "+sessionCols+" FROM training_sessions t WHERE t.id = ? AND t.province_code = ?", id, province))
	return db.Found(x, err, "training session", "training: session %d", id)
}

// sessions lists a province's sessions in year (0: all), newest first.
func (s sessionStore) sessions(ctx context.Context, province string, year int) ([]*Session, error) {
	q := "SELECT " + sessionCols + " FROM training_sessions t WHERE t.province_code = ?"
	args := []any{province}
	if year != 0 {
		q += " AND t.year = ?"
		args = append(args, year)
	}
	return db.List(ctx, s.q, "training: sessions", scanSession, q+" ORDER BY t.held_on DESC, t.id DESC", args...)
}

// enrolment is a person's row of attendance at a session.
type enrolment struct {
	id, personID, institutionID int64
	attended                    bool
	lockVersion                 int
}

// enrolment reads the enrolment of the person with a resident ID number.
func (s sessionStore) enrolment(ctx context.Context, sessionID int64, idNumber string) (enrolment, bool, error) {
	var e enrolment
	err := s.q.QueryRow(ctx, `SELECT ta.id, ta.person_id, ta.institution_id, ta.attended, ta.lock_version FROM training_attendance ta
			JOIN persons p ON p.id = ta.person_id WHERE ta.session_id = ? AND p.id_number = ?`, sessionID, idNumber).
		Scan(&e.id, &e.personID, &e.institutionID, &e.attended, &e.lockVersion)
	if db.IsNoRows(err) {
		return e, false, nil
	}
	return e, err == nil, err
}

// recordAttendance writes whether an enrolled person attended.
func (s sessionStore) recordAttendance(ctx context.Context, e enrolment, attended bool, by int64, now time.Time) error {
	return s.q.Update(ctx, `UPDATE training_attendance SET attended = ?, recorded_by = ?, recorded_at = ?, lock_version = lock_version + 1
				WHERE id = ? AND lock_version = ?`, attended, by, now, e.id, e.lockVersion)
}

// person returns the id of the person with a resident ID number, adding
// them to persons under name when they are not known yet.
func (s sessionStore) person(ctx context.Context, idNumber, name string, now time.Time) (int64, error) {
	if _, err := s.q.Exec(ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id_number) DO NOTHING", idNumber, name, now); err != nil {
		return 0, err
	}
	var id int64
	err := s.q.QueryRow(ctx, "SELECT id FROM persons WHERE id_number = ?", idNumber).Scan(&id)
	return id, err
}

// newEnrolment is an enrolment to write; recordedBy is 0 while attendance
// is not recorded.
type newEnrolment struct {
	sessionID, personID, institutionID int64
	attended                           bool
	enrolledBy, recordedBy             int64
	now                                time.Time
}

// enrol writes an enrolment.
func (s sessionStore) enrol(ctx context.Context, e newEnrolment) (int64, error) {
	var recordedBy, recordedAt any
	if e.recordedBy != 0 {
		recordedBy, recordedAt = e.recordedBy, e.now
	}
	return s.q.Insert(ctx, `INSERT INTO training_attendance (session_id, person_id, institution_id, attended, enrolled_by, enrolled_at, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.sessionID, e.personID, e.institutionID, e.attended, e.enrolledBy, e.now, recordedBy, recordedAt)
}

// institutionIn reports whether an institution lies inside scope.
func (s sessionStore) institutionIn(ctx context.Context, scope region.Scope, id int64) (bool, error) {
	cond, args := scope.SQL("i.region_code")
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM institutions i WHERE i.id = ? AND "+cond, append([]any{id}, args...)...).Scan(&n)
	return n > 0, err
}

const attendeeCols = `ta.id, p.id_number, p.name, ta.institution_id, i.name, ta.attended FROM training_attendance ta
	JOIN persons p ON p.id = ta.person_id JOIN institutions i ON i.id = ta.institution_id`

// scanAttendee reads an attendee with the ID number masked.
func scanAttendee(r db.Scanner) (Attendee, error) {
	var x Attendee
	err := r.Scan(&x.ID, &x.IDNumber, &x.Name, &x.InstitutionID, &x.InstitutionName, &x.Attended)
	x.IDNumber = ident.MaskResidentID(x.IDNumber)
	return x, err
}

// attendee reads one enrolment.
func (s sessionStore) attendee(ctx context.Context, id int64) (*Attendee, error) {
	x, err := scanAttendee(s.q.QueryRow(ctx, "SELECT "+attendeeCols+" WHERE ta.id = ?", id))
	return &x, err
}

// attendees lists a session's enrolments, of one institution when
// institutionID is not 0, by institution and name.
func (s sessionStore) attendees(ctx context.Context, sessionID, institutionID int64) ([]Attendee, error) {
	q, args := "SELECT "+attendeeCols+" WHERE ta.session_id = ?", []any{sessionID}
	if institutionID != 0 {
		q += " AND ta.institution_id = ?"
		args = append(args, institutionID)
	}
	return db.List(ctx, s.q, "training: attendees", scanAttendee, q+" ORDER BY i.name, p.name, ta.id", args...)
}
