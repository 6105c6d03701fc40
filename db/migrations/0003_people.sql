-- People: users and their roles, trainees (the least data enrolment needs), enrolments,
-- waits for a trade in a place, and the audit log. Some trainees are trafficking
-- survivors: the rules that must hold by every path (seat limits, consent before
-- enrolment, an audit log nobody edits) are also enforced here, below the services.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'office_staff', 'ngo_coordinator', 'viewer')),
    -- the provider an NGO coordinator works for; no one else is bound to one
    organisation_id INTEGER REFERENCES providers (id),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    CHECK ((role = 'ngo_coordinator') = (organisation_id IS NOT NULL))
);

CREATE TABLE trainees (
    id INTEGER PRIMARY KEY,
    pseudonym TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    birth_date TEXT,
    gender TEXT CHECK (gender IS NULL OR gender IN ('female', 'male')),
    education TEXT NOT NULL DEFAULT 'none',
    municipality TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    jobseeker_number TEXT NOT NULL DEFAULT '',
    groups TEXT NOT NULL DEFAULT '',
    referred_by TEXT NOT NULL DEFAULT '',
    -- the organisation that registered the person and answers for their data;
    -- NULL: the Employment Office
    organisation_id INTEGER REFERENCES providers (id),
    consent_given INTEGER NOT NULL DEFAULT 0 CHECK (consent_given IN (0, 1)),
    consent_at TEXT,
    last_course_date TEXT,
    anonymised_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    CHECK (consent_given = 0 OR consent_at IS NOT NULL)
);
CREATE INDEX trainees_by_organisation ON trainees (organisation_id);
CREATE INDEX trainees_by_last_course ON trainees (last_course_date);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    trainee_id INTEGER NOT NULL REFERENCES trainees (id) ON DELETE CASCADE,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    status TEXT NOT NULL CHECK (status IN ('applied', 'enrolled', 'waiting', 'withdrawn', 'completed')),
    -- the waiting list is ordered by when each person joined it (then by id)
    waiting_since TEXT,
    override_reason TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    UNIQUE (trainee_id, course_id),
    CHECK (status <> 'waiting' OR waiting_since IS NOT NULL)
);
CREATE INDEX enrolments_by_course ON enrolments (course_id, status);

-- A person waiting for a trade (an ISCO code at any level) in a municipality, at any provider.
CREATE TABLE trade_waits (
    id INTEGER PRIMARY KEY,
    trainee_id INTEGER NOT NULL REFERENCES trainees (id) ON DELETE CASCADE,
    occupation TEXT NOT NULL,
    municipality TEXT NOT NULL,
    since TEXT NOT NULL,
    offered_course_id INTEGER REFERENCES courses (id),
    closed_at TEXT,
    UNIQUE (trainee_id, occupation, municipality)
);

-- A key per person for the personal values in their audit entries: erasing the key makes
-- those values unreadable, so erasure works although the audit log is never edited.
CREATE TABLE subject_keys (
    trainee_id INTEGER PRIMARY KEY,
    key BLOB NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    -- JSON, or a token sealed with the subject's key (subject_id set)
    before TEXT,
    after TEXT,
    subject_id INTEGER
);
CREATE INDEX audit_by_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_by_subject ON audit_log (subject_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;

-- Seats: enrolled and completed people hold a seat; no path may go past the course's seats.
CREATE TRIGGER enrolments_seat_limit_insert BEFORE INSERT ON enrolments
WHEN NEW.status IN ('enrolled', 'completed')
BEGIN
    SELECT RAISE(ABORT, 'seat limit: the course is full')
    WHERE (SELECT count(*) FROM enrolments
           WHERE course_id = NEW.course_id AND status IN ('enrolled', 'completed'))
          >= (SELECT seats FROM courses WHERE id = NEW.course_id);
END;

CREATE TRIGGER enrolments_seat_limit_update BEFORE UPDATE OF status ON enrolments
WHEN NEW.status IN ('enrolled', 'completed') AND OLD.status NOT IN ('enrolled', 'completed')
BEGIN
    SELECT RAISE(ABORT, 'seat limit: the course is full')
    WHERE (SELECT count(*) FROM enrolments
           WHERE course_id = NEW.course_id AND status IN ('enrolled', 'completed'))
          >= (SELECT seats FROM courses WHERE id = NEW.course_id);
END;

-- Consent: recorded before a person is enrolled or kept on a waiting list, by every path.
CREATE TRIGGER enrolments_need_consent_insert BEFORE INSERT ON enrolments
WHEN NEW.status IN ('enrolled', 'waiting')
BEGIN
    SELECT RAISE(ABORT, 'consent: no consent recorded for this trainee')
    WHERE (SELECT consent_given FROM trainees WHERE id = NEW.trainee_id) IS NOT 1;
END;

CREATE TRIGGER enrolments_need_consent_update BEFORE UPDATE OF status ON enrolments
WHEN NEW.status IN ('enrolled', 'waiting')
BEGIN
    SELECT RAISE(ABORT, 'consent: no consent recorded for this trainee')
    WHERE (SELECT consent_given FROM trainees WHERE id = NEW.trainee_id) IS NOT 1;
END;

-- Years after a person's last course before their data is anonymised automatically.
INSERT OR IGNORE INTO settings (key, value) VALUES ('people.retention_years', '5');
