-- PostgreSQL twin of ../0004_findings.sql: acknowledged overlap findings, by fingerprint.
CREATE TABLE finding_acknowledgements (
    fingerprint text COLLATE "C" PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('duplicate_offer', 'possible_duplicate', 'venue_clash',
                                       'trainer_clash', 'trainee_clash', 'holiday')),
    courses text NOT NULL,
    reason text NOT NULL CHECK (length(trim(reason)) > 0),
    actor text NOT NULL,
    acknowledged_at timestamp(0) NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
