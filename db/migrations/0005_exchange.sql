-- Per-course state of the catalogue exchange between offices: the fingerprint of each
-- course as it was when the two sides last agreed (imported, or first exported). A course
-- whose local copy and incoming copy both differ from it was changed on both sides: a
-- person decides, field by field; nothing is overwritten silently.
CREATE TABLE exchange_state (
    provider_key TEXT NOT NULL,
    code TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    exchanged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    PRIMARY KEY (provider_key, code)
);
