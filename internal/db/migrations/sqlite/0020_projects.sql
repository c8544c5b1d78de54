-- Evaluation projects, their stage history, teams and the relations that tie
-- institutions to organisations (clients, evaluated units). The stage moves
-- by one conditional UPDATE on lock_version, so two people acting at once
-- cannot both win; every move is a row in project_events.
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    fund TEXT NOT NULL DEFAULT '',
    amount_fen BIGINT NOT NULL DEFAULT 0,
    client TEXT NOT NULL,
    client_norm TEXT NOT NULL,
    evaluated_unit TEXT NOT NULL,
    evaluated_unit_norm TEXT NOT NULL,
    region_code TEXT NOT NULL,
    deadline DATE,
    fee_budget_fen BIGINT NOT NULL DEFAULT 0,
    stage TEXT NOT NULL,
    lead_institution_id BIGINT REFERENCES institutions (id),
    selection_draw_id BIGINT,
    plan_state TEXT NOT NULL DEFAULT 'none',
    plan_round INTEGER NOT NULL DEFAULT 0,
    report_state TEXT NOT NULL DEFAULT 'none',
    report_round INTEGER NOT NULL DEFAULT 0,
    lock_version INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX projects_region ON projects (region_code, stage);
CREATE INDEX projects_lead ON projects (lead_institution_id);

CREATE TABLE project_events (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    kind TEXT NOT NULL,
    from_stage TEXT NOT NULL DEFAULT '',
    to_stage TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    actor_id BIGINT,
    actor_name TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX project_events_project ON project_events (project_id, id);

-- The team: one row per person; the lead institution is on projects.
CREATE TABLE team_members (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, person_id)
);
CREATE INDEX team_members_person ON team_members (person_id);
CREATE INDEX team_members_institution ON team_members (institution_id);

-- Declared ties between an institution and an organisation by name (a
-- shareholder, a past employer of its partners, a consulting contract):
-- an institution tied to a project's client or evaluated unit is left out.
CREATE TABLE institution_relations (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    organisation TEXT NOT NULL,
    organisation_norm TEXT NOT NULL,
    relation TEXT NOT NULL DEFAULT '',
    declared_by BIGINT,
    declared_role TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (institution_id, organisation_norm)
);
CREATE INDEX institution_relations_org ON institution_relations (organisation_norm);
