-- Acknowledged overlap findings. A finding is known by its fingerprint, built from its
-- kind, what its courses share and each course's key and version: when a course changes,
-- its findings get new fingerprints and show again. The course keys are kept so that an
-- acknowledgement can be read back and explained; no personal data is stored here.
CREATE TABLE finding_acknowledgements (
    fingerprint TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('duplicate_offer', 'possible_duplicate', 'venue_clash',
                                       'trainer_clash', 'trainee_clash', 'holiday')),
    courses TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    actor TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
);
