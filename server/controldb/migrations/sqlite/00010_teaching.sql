-- +goose Up
-- Teaching mode (server/teaching): classes of training-base tenants, their
-- students, frozen dataset snapshots, assignments with their questions,
-- and the students' answers.

-- A snapshot is an embedded market store file under the data folder
-- (snapshots/<id>.db) holding a copy of the class sectors' listings and
-- trade flows at the moment it was taken.
CREATE TABLE teaching_snapshots (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    file       TEXT NOT NULL,
    sectors    TEXT NOT NULL DEFAULT '[]',
    listings   INTEGER NOT NULL DEFAULT 0,
    flows      INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE teaching_classes (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    sectors     TEXT NOT NULL DEFAULT '[]',
    join_code   TEXT NOT NULL UNIQUE,
    teacher_id  TEXT REFERENCES users (id) ON DELETE SET NULL,
    snapshot_id TEXT NOT NULL REFERENCES teaching_snapshots (id),
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER
);
CREATE INDEX teaching_classes_tenant ON teaching_classes (tenant_id, created_at);

CREATE TABLE teaching_students (
    class_id  TEXT NOT NULL REFERENCES teaching_classes (id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (class_id, user_id)
);
CREATE INDEX teaching_students_user ON teaching_students (user_id);

CREATE TABLE teaching_assignments (
    id          TEXT PRIMARY KEY,
    class_id    TEXT NOT NULL REFERENCES teaching_classes (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    template    TEXT NOT NULL,
    params      TEXT NOT NULL DEFAULT '{}',
    snapshot_id TEXT NOT NULL REFERENCES teaching_snapshots (id),
    due_at      INTEGER,
    revealed    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX teaching_assignments_class ON teaching_assignments (class_id, created_at);

-- kind is numeric, ranking or adapter; expected is JSON (a number, a list
-- of strings, or the practice store and pass mark of an adapter task).
CREATE TABLE teaching_questions (
    id            TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES teaching_assignments (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('numeric', 'ranking', 'adapter')),
    prompt        TEXT NOT NULL,
    unit          TEXT NOT NULL DEFAULT '',
    expected      TEXT NOT NULL,
    tolerance     REAL NOT NULL DEFAULT 0
);
CREATE INDEX teaching_questions_assignment ON teaching_questions (assignment_id, position);

-- One answer per student and question; answering again replaces it while
-- the class is open.
CREATE TABLE teaching_answers (
    question_id   TEXT NOT NULL REFERENCES teaching_questions (id) ON DELETE CASCADE,
    student_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assignment_id TEXT NOT NULL,
    class_id      TEXT NOT NULL,
    answer        TEXT NOT NULL,
    correct       INTEGER NOT NULL,
    score         REAL NOT NULL,
    detail        TEXT NOT NULL DEFAULT '',
    submitted_at  INTEGER NOT NULL,
    PRIMARY KEY (question_id, student_id)
);
CREATE INDEX teaching_answers_class ON teaching_answers (class_id, student_id);

-- +goose Down
DROP TABLE teaching_answers;
DROP TABLE teaching_questions;
DROP TABLE teaching_assignments;
DROP TABLE teaching_students;
DROP TABLE teaching_classes;
DROP TABLE teaching_snapshots;
