-- The catalogue: providers, their courses, labour-market needs, the office's holiday
-- corrections and settings. Every record that people edit carries a version number, so
-- that a save from a stale copy is noticed instead of overwriting someone's change.

CREATE TABLE providers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('employment_office', 'public_qfp', 'ngo', 'municipality', 'other')),
    licence_number TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    list_updated_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
);

CREATE TABLE courses (
    id INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES providers (id),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    occupation TEXT NOT NULL,
    municipality TEXT NOT NULL,
    venue TEXT NOT NULL DEFAULT '',
    trainer TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL CHECK (end_date >= start_date),
    sessions TEXT NOT NULL,
    seats INTEGER NOT NULL CHECK (seats >= 1),
    fee INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('planned', 'open', 'cancelled')),
    min_age INTEGER,
    max_age INTEGER,
    gender TEXT NOT NULL DEFAULT 'all' CHECK (gender IN ('all', 'female', 'male')),
    education TEXT NOT NULL DEFAULT 'none',
    groups TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    UNIQUE (provider_id, code)
);
CREATE INDEX courses_by_dates ON courses (start_date, end_date);
CREATE INDEX courses_by_municipality ON courses (municipality, occupation);

CREATE TABLE needs (
    id INTEGER PRIMARY KEY,
    occupation TEXT NOT NULL,
    occupation_title TEXT NOT NULL DEFAULT '',
    area_kind TEXT NOT NULL CHECK (area_kind IN ('municipality', 'qark')),
    area_name TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL CHECK (period_end >= period_start),
    period_label TEXT NOT NULL DEFAULT '',
    demand INTEGER NOT NULL CHECK (demand >= 0),
    source TEXT NOT NULL DEFAULT ''
);

CREATE TABLE holiday_adjustments (
    day TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    closed INTEGER NOT NULL CHECK (closed IN (0, 1))
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
