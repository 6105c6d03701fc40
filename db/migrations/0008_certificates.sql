-- Certificates and provider licences (issue 18, items 4 and 6).
--
-- A certificate is the trainee's own document: its register keeps the number, the
-- pseudonym (never the name: the name is read from the trainee's record when printing),
-- the course, when and by whom it was issued, reprints (printed as DUPLICATE with the same
-- number) and a revocation with its reason. Numbers run per provider and year; the counter
-- row is taken and bumped in one statement inside the writer's transaction, so two copies
-- printing at once never get the same number (and UNIQUE (number) makes sure of it).

ALTER TABLE providers ADD COLUMN licence_issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN licence_valid_until TEXT;

CREATE TABLE certificate_sequences (
    provider_id INTEGER NOT NULL REFERENCES providers (id),
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL CHECK (last_number >= 1),
    PRIMARY KEY (provider_id, year)
);

CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    provider_id INTEGER NOT NULL REFERENCES providers (id),
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    verification_code TEXT NOT NULL,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    -- NULL once the person is erased: the register keeps the certificate for verification
    trainee_id INTEGER REFERENCES trainees (id) ON DELETE SET NULL,
    pseudonym TEXT NOT NULL,
    hours REAL NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    duplicates INTEGER NOT NULL DEFAULT 0 CHECK (duplicates >= 0),
    last_printed_at TEXT,
    last_printed_by TEXT,
    revoked_at TEXT,
    revoked_by TEXT,
    revoked_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (provider_id, year, sequence),
    CHECK (revoked_at IS NULL OR revoked_reason <> '')
);
-- One valid certificate per person and course; a revoked one may be replaced by a new number.
CREATE UNIQUE INDEX certificates_one_valid ON certificates (course_id, trainee_id) WHERE revoked_at IS NULL;
CREATE INDEX certificates_by_trainee ON certificates (trainee_id);
