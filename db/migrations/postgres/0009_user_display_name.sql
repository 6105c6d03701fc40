-- PostgreSQL twin of ../0009_user_display_name.sql: the name a person is shown by, kept in
-- the users table because a login role has no such field. Empty when not given.
ALTER TABLE users ADD COLUMN display_name text NOT NULL DEFAULT '' CHECK (length(display_name) <= 80);
