-- Training sessions before each year's evaluations, and enrolment and
-- attendance per person (by resident ID number, through persons) on behalf
-- of an institution. An institution with no attendee at a mandatory session
-- of the year is not eligible (internal/training's rule in the credit part).
CREATE TABLE training_sessions (
    id INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    topic TEXT NOT NULL,
    held_on DATE NOT NULL,
    mandatory BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX training_sessions_year ON training_sessions (province_code, year, mandatory);

CREATE TABLE training_attendance (
    id INTEGER PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES training_sessions (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    attended BOOLEAN NOT NULL DEFAULT FALSE,
    enrolled_by BIGINT,
    enrolled_at TIMESTAMP NOT NULL,
    recorded_by BIGINT,
    recorded_at TIMESTAMP,
    lock_version INTEGER NOT NULL DEFAULT 0,
    UNIQUE (session_id, person_id)
);
CREATE INDEX training_attendance_institution ON training_attendance (institution_id, attended);
