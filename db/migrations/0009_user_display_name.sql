-- The name a person is shown by (e.g. "Maria Kola"), beside the login name they type. On a
-- server PostgreSQL keeps the login role but not this, so the users table keeps it (as it
-- keeps the organisation). Empty when not given.
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '' CHECK (length(display_name) <= 80);
