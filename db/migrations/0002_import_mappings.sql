-- The header mapping a person chose for a provider's file, remembered for the next import.
CREATE TABLE import_mappings (
    provider_id INTEGER PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
    mapping TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
);
