-- PostgreSQL twin of ../0002_import_mappings.sql: the header mapping a person chose for a
-- provider's file, remembered for the next import.
CREATE TABLE import_mappings (
    provider_id integer PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
    mapping text NOT NULL,
    updated_at timestamp(0) NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
