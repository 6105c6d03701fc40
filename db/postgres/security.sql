-- CourseHub's security layer on a PostgreSQL server, version 2 (SECURITY_VERSION in
-- coursehub/storage/postgres/security.py). Applied by `coursehub server init` after the
-- migrations of db/migrations/postgres, and again after every upgrade: every statement
-- here can run any number of times (roles and policies are created or re-created, grants
-- are set from scratch).
--
-- The placeholders are filled in by security.py: @SCHEMA@ is the schema of the tables;
-- @OWNER@, @ADMIN@, @STAFF@, @COORD@, @VIEWER@ and @USERS@ are this database's roles,
-- named after the database (roles are shared by every database of the cluster) and made of
-- [a-z0-9_] only, so they are safe both as identifiers and inside string literals.
--
-- Who is who: a CourseHub user is a login role, member of one of the four group roles;
-- the users table holds their organisation, keyed by role name. Every rule below asks
-- `session_user` (who logged in), never a setting a client could SET. Nobody logs in as
-- @OWNER@ (owns the tables) or @USERS@ (owns the functions that manage login roles).

-- Roles -----------------------------------------------------------------------------------
DO $roles$
DECLARE
    wanted text[] := ARRAY['@OWNER@', '@ADMIN@', '@STAFF@', '@COORD@', '@VIEWER@', '@USERS@'];
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY wanted LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', role_name);
            EXECUTE format('COMMENT ON ROLE %I IS %L', role_name,
                           'CourseHub role of database ' || current_database());
        ELSIF coalesce(shobj_description((SELECT oid FROM pg_roles WHERE rolname = role_name), 'pg_authid'), '')
              <> 'CourseHub role of database ' || current_database() THEN
            RAISE EXCEPTION 'role % exists but is not a CourseHub role of this database', role_name
                USING ERRCODE = 'duplicate_object', HINT = 'coursehub:role-taken';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name
                   AND (rolsuper OR rolcanlogin OR rolreplication OR rolbypassrls OR rolcreatedb)) THEN
            RAISE EXCEPTION 'role % has powers a CourseHub role must not have', role_name
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END LOOP;
    -- Group roles pass their privileges to their members; the owner and the user manager
    -- act only through the objects they own.
    EXECUTE 'ALTER ROLE @ADMIN@ INHERIT';
    EXECUTE 'ALTER ROLE @STAFF@ INHERIT';
    EXECUTE 'ALTER ROLE @COORD@ INHERIT';
    EXECUTE 'ALTER ROLE @VIEWER@ INHERIT';
    EXECUTE 'ALTER ROLE @OWNER@ NOCREATEROLE';
    -- CREATEROLE for the role that owns the user functions only: nobody can log in as it or
    -- is a member of it, so the functions' own checks are the only way to use it.
    EXECUTE 'ALTER ROLE @USERS@ CREATEROLE';
END
$roles$;

-- Run by the database's owner (with CREATEROLE) instead of the superuser: they become a member
-- of the owner and user-manager roles, which handing the tables and functions to those roles
-- needs. Like the superuser, they then see every row (the owner role's policies below).
DO $runner$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT @OWNER@, @USERS@ TO %I', current_user);
    END IF;
END
$runner$;

-- Only this database's CourseHub users may connect to it; a coordinator of another
-- CourseHub database on the same server is refused at the door.
DO $connect$
BEGIN
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@', current_database());
END
$connect$;

REVOKE CREATE ON SCHEMA @SCHEMA@ FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA @SCHEMA@ TO @OWNER@;
GRANT USAGE ON SCHEMA @SCHEMA@ TO @USERS@, @ADMIN@, @STAFF@, @COORD@, @VIEWER@;


-- Start from nothing: no privilege for PUBLIC (functions are executable by PUBLIC by default).
REVOKE ALL ON ALL TABLES IN SCHEMA @SCHEMA@ FROM PUBLIC, @ADMIN@, @STAFF@, @COORD@, @VIEWER@, @USERS@;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA @SCHEMA@ FROM PUBLIC, @ADMIN@, @STAFF@, @COORD@, @VIEWER@, @USERS@;
ALTER DEFAULT PRIVILEGES FOR ROLE @OWNER@ IN SCHEMA @SCHEMA@ REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Who the session is ------------------------------------------------------------------------
-- The organisation of the NGO coordinator logged in (NULL for everyone else). Owner's
-- rights, because a coordinator may read only their own row of users.
CREATE OR REPLACE FUNCTION coursehub_my_organisation() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT u.organisation_id FROM users u
    WHERE u.username = session_user AND u.active AND u.role = 'ngo_coordinator'
      AND pg_has_role(session_user, '@COORD@', 'MEMBER')
$$;
ALTER FUNCTION coursehub_my_organisation() OWNER TO @OWNER@;

-- Administrators and Employment Office staff see every trainee.
CREATE OR REPLACE FUNCTION coursehub_is_staff() RETURNS boolean
LANGUAGE sql STABLE SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT pg_has_role(session_user, '@ADMIN@', 'MEMBER') OR pg_has_role(session_user, '@STAFF@', 'MEMBER')
$$;
ALTER FUNCTION coursehub_is_staff() OWNER TO @OWNER@;

-- Rules the schema enforces count every enrolment, whoever's: their trigger functions run
-- with the owner's rights (the owner's policies below let it see every row).
ALTER FUNCTION enrolments_seat_limit() SECURITY DEFINER;
ALTER FUNCTION enrolments_need_consent() SECURITY DEFINER;
ALTER FUNCTION courses_seats_not_below_enrolled() SECURITY DEFINER;

-- The next pseudonym's number for a qark and year: a coordinator sees only their own
-- trainees, but numbers run across every organisation. Only the highest number comes back,
-- never a pseudonym, a name or a list.
CREATE OR REPLACE FUNCTION coursehub_last_pseudonym_number(stem text) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
BEGIN
    IF stem !~ '^[A-Z]{2}-[0-9]{4}-$' THEN
        RAISE EXCEPTION 'a pseudonym stem looks like DR-2027-' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN coalesce((
        SELECT max(substr(pseudonym, 9)::integer) FROM trainees
        WHERE pseudonym LIKE stem || '%' AND substr(pseudonym, 9) ~ '^[0-9]+$'), 0);
END
$$;
ALTER FUNCTION coursehub_last_pseudonym_number(text) OWNER TO @OWNER@;

-- The audit log: the actor is whoever logged in, whatever the program sent ------------------
CREATE OR REPLACE FUNCTION audit_log_set_actor() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
BEGIN
    NEW.actor := session_user;
    NEW.actor_id := (SELECT u.id FROM users u WHERE u.username = session_user);
    NEW.at := (now() AT TIME ZONE 'Europe/Tirane')::timestamp(0);
    RETURN NEW;
END
$$;
ALTER FUNCTION audit_log_set_actor() OWNER TO @OWNER@;
DROP TRIGGER IF EXISTS audit_log_set_actor ON audit_log;
CREATE TRIGGER audit_log_set_actor BEFORE INSERT ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_set_actor();

-- Cross-organisation clash check (issue 12, item 11) ------------------------------------------
-- Two organisations may register the same person. Each coordinator is told when one of their
-- trainees holds a seat in a course that meets at the same time as a course another
-- organisation enrolled the same person in, without seeing the other record: people are
-- compared by a keyed hash of their normalised name and birth date, computed here with a
-- key that only the owner role can read.
CREATE TABLE IF NOT EXISTS clash_check_key (
    id integer PRIMARY KEY CHECK (id = 1),
    key bytea NOT NULL
);
INSERT INTO clash_check_key (id, key)
SELECT 1, uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())
WHERE NOT EXISTS (SELECT 1 FROM clash_check_key);

CREATE OR REPLACE FUNCTION coursehub_person_hash(name text, born date, key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT sha256(key || convert_to(
        trim(regexp_replace(lower(translate(name, 'ËëÇçÁáÉéÍíÓóÚúÀàÈèÖöÜü', 'EeCcAaEeIiOoUuAaEeOoUu')),
                            '[^a-z0-9]+', ' ', 'g')) || '|' || born::text, 'UTF8'))
$$;

-- Sessions ('MO 09:00-12:00;WE 09:00-12:00') on the same weekday at overlapping hours.
CREATE OR REPLACE FUNCTION coursehub_sessions_meet(a text, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM regexp_split_to_table(a, ';') x, regexp_split_to_table(b, ';') y
        WHERE split_part(x, ' ', 1) = split_part(y, ' ', 1)
          AND split_part(split_part(x, ' ', 2), '-', 1) < split_part(split_part(y, ' ', 2), '-', 2)
          AND split_part(split_part(y, ' ', 2), '-', 1) < split_part(split_part(x, ' ', 2), '-', 2))
$$;

-- Sessions of two courses that meet on a day they are both held: the same weekday, at
-- overlapping hours, on a date from `first` to `last` that is not a day off. `days_off` are
-- the public holidays (observed days and the office's corrections) the program computes
-- with the same calendar as everywhere else: a session on a holiday is not held, so it
-- clashes with nothing (analysis/overlaps.py).
CREATE OR REPLACE FUNCTION coursehub_sessions_meet_between(a text, b text, first date, last date, days_off date[])
RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM regexp_split_to_table(a, ';') x, regexp_split_to_table(b, ';') y,
                      generate_series(first, last, interval '1 day') d
        WHERE split_part(x, ' ', 1) = split_part(y, ' ', 1)
          AND upper(left(split_part(x, ' ', 1), 2))
              = (ARRAY['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'])[extract(isodow FROM d)::integer]
          AND split_part(split_part(x, ' ', 2), '-', 1) < split_part(split_part(y, ' ', 2), '-', 2)
          AND split_part(split_part(y, ' ', 2), '-', 1) < split_part(split_part(x, ' ', 2), '-', 2)
          AND NOT d::date = ANY (coalesce(days_off, '{}')))
$$;

-- For the NGO coordinator calling it: (their trainee's pseudonym, their trainee's course, the
-- clashing course another organisation enrolled the same person in). Nothing about the
-- other record comes back; each call is recorded in the audit log. `days_off`: see above
-- (the program passes them; a raw call without them counts holidays as held days).
DROP FUNCTION IF EXISTS coursehub_cross_organisation_clashes();
CREATE OR REPLACE FUNCTION coursehub_cross_organisation_clashes(days_off date[] DEFAULT '{}')
RETURNS TABLE (pseudonym text, course_id integer, other_course_id integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
DECLARE
    mine integer := coursehub_my_organisation();
    found integer;
BEGIN
    IF mine IS NULL THEN
        RETURN;  -- staff see every trainee already; viewers no trainee at all
    END IF;
    RETURN QUERY
    WITH secret AS (SELECT k.key FROM clash_check_key k WHERE k.id = 1),
    seats AS (
        SELECT t.pseudonym AS code, t.organisation_id AS organisation, c.id AS course,
               c.start_date, c.end_date, c.sessions,
               coursehub_person_hash(t.name, t.birth_date, (SELECT s.key FROM secret s)) AS person
        FROM enrolments e
        JOIN trainees t ON t.id = e.trainee_id
        JOIN courses c ON c.id = e.course_id
        WHERE e.status = 'enrolled' AND c.status <> 'cancelled'
          AND t.birth_date IS NOT NULL AND t.anonymised_at IS NULL
    )
    SELECT DISTINCT own.code::text, own.course, other.course
    FROM seats own
    JOIN seats other ON other.person = own.person
                    AND other.organisation IS DISTINCT FROM own.organisation
    WHERE own.organisation = mine
      AND own.start_date <= other.end_date AND other.start_date <= own.end_date
      AND coursehub_sessions_meet(own.sessions, other.sessions)
      AND coursehub_sessions_meet_between(own.sessions, other.sessions,
                                          greatest(own.start_date, other.start_date),
                                          least(own.end_date, other.end_date), days_off)
    ORDER BY 1, 2, 3;
    GET DIAGNOSTICS found = ROW_COUNT;
    INSERT INTO audit_log (at, actor, action, entity, after)
    VALUES (now(), session_user, 'clash.cross_organisation_check', 'trainee',
            json_build_object('clashes', found)::text);
END
$$;

-- Freed seats go to the first person waiting, whoever registered them ---------------------------
-- A coordinator who withdraws their trainee frees a seat that may belong, by the waiting
-- list's order, to another organisation's person, whom they cannot see or change. This
-- function does that one step with the owner's rights: up to the free seats, the first
-- people waiting (by when they joined) who still have consent, are not anonymised and have no
-- clash with a course they hold a seat in (same weekday, overlapping hours on a day both
-- run that is not one of `days_off`, the public holidays the program passes, as for the
-- clash check above; unless their entry was overridden with a reason) are enrolled. Nothing
-- about them comes back, only how many; each move is audited without personal values.
DROP FUNCTION IF EXISTS coursehub_fill_free_seats(integer);
CREATE OR REPLACE FUNCTION coursehub_fill_free_seats(course integer, days_off date[] DEFAULT '{}') RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
DECLARE
    target courses%ROWTYPE;
    free integer;
    moved integer := 0;
    entry record;
BEGIN
    PERFORM pg_advisory_xact_lock(7106, course);
    SELECT * INTO target FROM courses c WHERE c.id = course;
    IF NOT FOUND OR target.status = 'cancelled' OR target.end_date < current_date THEN
        RETURN 0;
    END IF;
    free := target.seats - (SELECT count(*) FROM enrolments e
                            WHERE e.course_id = course AND e.status IN ('enrolled', 'completed'));
    FOR entry IN
        SELECT e.id, e.trainee_id, e.override_reason FROM enrolments e
        JOIN trainees t ON t.id = e.trainee_id
        WHERE e.course_id = course AND e.status = 'waiting'
          AND t.consent_given AND t.anonymised_at IS NULL
        ORDER BY e.waiting_since, e.id
    LOOP
        EXIT WHEN moved >= free;
        IF entry.override_reason = '' AND EXISTS (
            SELECT 1 FROM enrolments mine JOIN courses other ON other.id = mine.course_id
            WHERE mine.trainee_id = entry.trainee_id AND mine.status = 'enrolled' AND other.id <> course
              AND other.start_date <= target.end_date AND target.start_date <= other.end_date
              AND coursehub_sessions_meet(other.sessions, target.sessions)
              AND coursehub_sessions_meet_between(other.sessions, target.sessions,
                                                  greatest(other.start_date, target.start_date),
                                                  least(other.end_date, target.end_date), days_off)) THEN
            CONTINUE;
        END IF;
        UPDATE enrolments e SET status = 'enrolled', waiting_since = NULL, version = e.version + 1,
                                updated_at = (now() AT TIME ZONE 'UTC')::timestamp(0)
        WHERE e.id = entry.id;
        -- The person's last course counts from now on for the retention period (as the
        -- program's refresh_last_course_date does), whoever registered them: otherwise
        -- retention could anonymise them before the course they were just given ends.
        UPDATE trainees t SET last_course_date = (
            SELECT max(c.end_date) FROM enrolments e JOIN courses c ON c.id = e.course_id
            WHERE e.trainee_id = t.id AND e.status IN ('enrolled', 'completed'))
        WHERE t.id = entry.trainee_id;
        INSERT INTO audit_log (at, actor, action, entity, entity_id, after)
        VALUES (now(), session_user, 'enrolment.promote', 'enrolment', entry.id,
                json_build_object('course', target.id, 'from', 'waiting_list', 'by', 'server')::text);
        moved := moved + 1;
    END LOOP;
    RETURN moved;
END
$$;

-- Views ---------------------------------------------------------------------------------------
-- A course's roster as its reader may see it: staff see every course; a coordinator sees
-- the people on their own organisation's courses (others' trainees by pseudonym only: no
-- trainee number, no name, no override reason) and their own trainees wherever enrolled.
-- It runs with the owner's rights on purpose (it must show other organisations'
-- pseudonyms) and is a security barrier, so no function in a caller's WHERE sees a hidden row.
DROP VIEW IF EXISTS course_roster;
CREATE VIEW course_roster WITH (security_barrier = true) AS
SELECT e.id,
       e.course_id,
       e.status,
       e.waiting_since,
       e.version,
       t.pseudonym,
       CASE WHEN mine.own THEN e.trainee_id END AS trainee_id,
       CASE WHEN mine.own THEN t.name END AS name,
       CASE WHEN mine.own THEN e.override_reason END AS override_reason,
       mine.own AS readable
FROM enrolments e
JOIN trainees t ON t.id = e.trainee_id
JOIN courses c ON c.id = e.course_id
CROSS JOIN LATERAL (
    SELECT (SELECT coursehub_is_staff())
           OR t.organisation_id IS NOT DISTINCT FROM (SELECT coursehub_my_organisation())
              AND (SELECT coursehub_my_organisation()) IS NOT NULL AS own
) mine
WHERE (SELECT coursehub_is_staff())
   OR (pg_has_role(session_user, '@COORD@', 'MEMBER')
       AND (c.provider_id = (SELECT coursehub_my_organisation()) OR mine.own));
ALTER VIEW course_roster OWNER TO @OWNER@;

-- Seats taken per course and status: counts only, for everyone (the catalogue shows them).
DROP VIEW IF EXISTS course_seat_counts;
CREATE VIEW course_seat_counts AS
SELECT e.course_id, e.status, count(*)::integer AS people
FROM enrolments e GROUP BY e.course_id, e.status;
ALTER VIEW course_seat_counts OWNER TO @OWNER@;

-- Row-level security --------------------------------------------------------------------------
-- FORCE: the owner role is held to policies too, so what its own code (the functions and
-- views above) may see is written down below as a policy like everyone else's. The
-- organisation is asked once per statement ((SELECT ...)), not once per row.
DO $rls$
DECLARE
    table_name text;
    policy record;
BEGIN
    FOREACH table_name IN ARRAY ARRAY['users', 'trainees', 'enrolments', 'trade_waits', 'subject_keys',
                                      'audit_log', 'courses', 'providers', 'import_mappings',
                                      'exchange_state', 'settings', 'clash_check_key',
                                      'attendance', 'course_attendance_thresholds',
                                      'certificates'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', table_name);
        FOR policy IN SELECT policyname FROM pg_policies
                      WHERE schemaname = '@SCHEMA@' AND tablename = table_name LOOP
            EXECUTE format('DROP POLICY %I ON %I', policy.policyname, table_name);
        END LOOP;
    END LOOP;
END
$rls$;

-- The owner's own code reads every row of the people tables (seat counts, rosters, actor).
CREATE POLICY owner_reads ON users FOR SELECT TO @OWNER@ USING (true);
CREATE POLICY owner_reads ON trainees FOR SELECT TO @OWNER@ USING (true);
CREATE POLICY owner_reads ON enrolments FOR SELECT TO @OWNER@ USING (true);
-- ... and moves the first people waiting into freed seats (coursehub_fill_free_seats).
CREATE POLICY owner_promotes ON enrolments FOR UPDATE TO @OWNER@ USING (status = 'waiting')
    WITH CHECK (status = 'enrolled');
-- ... and then keeps the promoted person's retention date right. Only a person who is not
-- anonymised and holds a seat (the one just promoted) may be updated by the owner's code;
-- the function changes last_course_date and nothing else, and returns nothing about them.
CREATE POLICY owner_refreshes_last_course ON trainees FOR UPDATE TO @OWNER@
    USING (anonymised_at IS NULL AND EXISTS (
        SELECT 1 FROM enrolments e WHERE e.trainee_id = trainees.id AND e.status = 'enrolled'))
    WITH CHECK (anonymised_at IS NULL);
CREATE POLICY owner_reads ON courses FOR SELECT TO @OWNER@ USING (true);
CREATE POLICY owner_reads ON providers FOR SELECT TO @OWNER@ USING (true);
CREATE POLICY owner_appends ON audit_log FOR INSERT TO @OWNER@ WITH CHECK (true);
CREATE POLICY owner_reads ON clash_check_key FOR SELECT TO @OWNER@ USING (true);
-- The user manager keeps the users table in step with the login roles.
CREATE POLICY user_manager ON users FOR ALL TO @USERS@ USING (true) WITH CHECK (true);

-- users: everyone reads their own row; administrators read all. Changes go through the
-- coursehub_user_* functions only.
CREATE POLICY own_row ON users FOR SELECT TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@
    USING (username = session_user);
CREATE POLICY administrators_read ON users FOR SELECT TO @ADMIN@ USING (true);

-- trainees and what hangs on them: staff everything; a coordinator their organisation's.
CREATE POLICY staff_all ON trainees FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_organisation ON trainees FOR ALL TO @COORD@
    USING (organisation_id = (SELECT coursehub_my_organisation()))
    WITH CHECK (organisation_id = (SELECT coursehub_my_organisation()));
CREATE POLICY staff_all ON enrolments FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_organisation ON enrolments FOR ALL TO @COORD@
    USING (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id))
    WITH CHECK (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id));
CREATE POLICY staff_all ON trade_waits FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_organisation ON trade_waits FOR ALL TO @COORD@
    USING (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id))
    WITH CHECK (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id));
CREATE POLICY staff_all ON subject_keys FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_organisation ON subject_keys FOR ALL TO @COORD@
    USING (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id))
    WITH CHECK (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id));

-- audit_log: everybody appends, administrators read, nobody changes (no grant, and the
-- triggers of the migrations refuse UPDATE, DELETE and TRUNCATE even for the owner).
CREATE POLICY everyone_appends ON audit_log FOR INSERT TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@
    WITH CHECK (true);
CREATE POLICY administrators_read ON audit_log FOR SELECT TO @ADMIN@ USING (true);

-- The catalogue: everyone reads; staff change everything; a coordinator only what belongs
-- to their own organisation.
CREATE POLICY everyone_reads ON courses FOR SELECT TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@ USING (true);
CREATE POLICY staff_all ON courses FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_insert ON courses FOR INSERT TO @COORD@
    WITH CHECK (provider_id = (SELECT coursehub_my_organisation()));
CREATE POLICY own_update ON courses FOR UPDATE TO @COORD@
    USING (provider_id = (SELECT coursehub_my_organisation())) WITH CHECK (provider_id = (SELECT coursehub_my_organisation()));
CREATE POLICY own_delete ON courses FOR DELETE TO @COORD@ USING (provider_id = (SELECT coursehub_my_organisation()));

CREATE POLICY everyone_reads ON providers FOR SELECT TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@ USING (true);
CREATE POLICY staff_all ON providers FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_update ON providers FOR UPDATE TO @COORD@
    USING (id = (SELECT coursehub_my_organisation())) WITH CHECK (id = (SELECT coursehub_my_organisation()));

CREATE POLICY everyone_reads ON import_mappings FOR SELECT TO @ADMIN@, @STAFF@, @COORD@ USING (true);
CREATE POLICY staff_all ON import_mappings FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_provider ON import_mappings FOR ALL TO @COORD@
    USING (provider_id = (SELECT coursehub_my_organisation()))
    WITH CHECK (provider_id = (SELECT coursehub_my_organisation()));

CREATE POLICY everyone_reads ON exchange_state FOR SELECT TO @ADMIN@, @STAFF@, @COORD@ USING (true);
CREATE POLICY staff_all ON exchange_state FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_provider ON exchange_state FOR ALL TO @COORD@
    USING (provider_key = (SELECT p.name_key FROM providers p WHERE p.id = (SELECT coursehub_my_organisation())))
    WITH CHECK (provider_key = (SELECT p.name_key FROM providers p WHERE p.id = (SELECT coursehub_my_organisation())));

-- settings: everyone reads; administrators change them (the retention period is theirs).
CREATE POLICY everyone_reads ON settings FOR SELECT TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@ USING (true);
CREATE POLICY owner_all ON settings FOR ALL TO @OWNER@ USING (true) WITH CHECK (true);
CREATE POLICY administrators_change ON settings FOR ALL TO @ADMIN@ USING (true) WITH CHECK (true);
-- Staff apply the retention period at their first login of the day, and note that they did.
CREATE POLICY staff_note_retention_run ON settings FOR ALL TO @STAFF@
    USING (key = 'people.retention_last_run') WITH CHECK (key = 'people.retention_last_run');

-- Ownership: every table, view and function of the schema (those of the migrations and
-- those above) belongs to the owner role; the user functions belong to the user manager.
DO $owner$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT c.oid::regclass AS name FROM pg_class c
        WHERE c.relnamespace = '@SCHEMA@'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO @OWNER@', item.name);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        WHERE p.pronamespace = '@SCHEMA@'::regnamespace AND p.proname NOT LIKE 'coursehub\_user\_%'
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO @OWNER@', item.name);
    END LOOP;
END
$owner$;

-- Managing login roles -------------------------------------------------------------------------
-- CourseHub administrators never get CREATEROLE (on PostgreSQL 15 it would let them take the
-- owner role or empty the audit log). They call these functions, owned by @USERS@, which
-- create and change login roles and grant them ONLY one of this database's four group roles,
-- chosen from a fixed list. A role that is not already a user of this database (another
-- database's user, PostgreSQL's own roles, anything with special powers) is never touched.
-- Passwords arrive as SCRAM verifiers computed by the program; plain text is refused.
CREATE OR REPLACE FUNCTION coursehub_user_is_ours(role_name text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM pg_roles r
        WHERE r.rolname = role_name
          AND NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls)
          AND r.rolname NOT IN ('@OWNER@', '@USERS@', '@ADMIN@', '@STAFF@', '@COORD@', '@VIEWER@')
          AND EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                      WHERE m.member = r.oid
                        AND g.rolname IN ('@ADMIN@', '@STAFF@', '@COORD@', '@VIEWER@')))
$$;

CREATE OR REPLACE FUNCTION coursehub_user_require_administrator() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = @SCHEMA@, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user, '@ADMIN@', 'MEMBER') THEN
        RAISE EXCEPTION 'only a CourseHub administrator manages users'
            USING ERRCODE = 'insufficient_privilege', HINT = 'coursehub:not-administrator';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION coursehub_user_require_verifier(verifier text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = @SCHEMA@, pg_temp AS $$
BEGIN
    IF verifier IS NULL
       OR verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
        RAISE EXCEPTION 'a password must arrive as a SCRAM-SHA-256 verifier, never as plain text'
            USING ERRCODE = 'invalid_password';
    END IF;
END
$$;

DROP FUNCTION IF EXISTS coursehub_user_add(text, text, text, integer, text);
CREATE OR REPLACE FUNCTION coursehub_user_add(
    role_name text, name_key text, app_role text, organisation integer, verifier text,
    display text DEFAULT ''
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
DECLARE
    group_role text := CASE app_role
        WHEN 'administrator' THEN '@ADMIN@' WHEN 'office_staff' THEN '@STAFF@'
        WHEN 'ngo_coordinator' THEN '@COORD@' WHEN 'viewer' THEN '@VIEWER@' END;
BEGIN
    PERFORM coursehub_user_require_administrator();
    PERFORM coursehub_user_require_verifier(verifier);
    IF group_role IS NULL THEN
        RAISE EXCEPTION 'a CourseHub role is administrator, office_staff, ngo_coordinator or viewer'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF role_name IS NULL OR role_name !~ '^[a-z0-9._@-]{2,40}$' THEN
        RAISE EXCEPTION 'a user name is 2 to 40 small letters, digits, dots, dashes or @'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM users u WHERE u.username_key = name_key OR u.username = role_name) THEN
        RAISE EXCEPTION 'user % exists already', role_name
            USING ERRCODE = 'unique_violation', HINT = 'coursehub:user-taken';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
        IF NOT coursehub_user_is_ours(role_name) THEN
            RAISE EXCEPTION 'a role named % exists on this server and is not a user of this database', role_name
                USING ERRCODE = 'duplicate_object', HINT = 'coursehub:role-taken';
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', role_name, verifier);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN INHERIT PASSWORD %L', role_name, verifier);
    END IF;
    EXECUTE format('GRANT %I TO %I', group_role, role_name);
    INSERT INTO users (username, username_key, password_hash, role, organisation_id, active, display_name)
    VALUES (role_name, name_key, '', app_role, organisation, true, coalesce(trim(display), ''));
END
$$;

CREATE OR REPLACE FUNCTION coursehub_user_set_active(role_name text, active boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
BEGIN
    PERFORM coursehub_user_require_administrator();
    IF NOT coursehub_user_is_ours(role_name) OR NOT EXISTS (SELECT 1 FROM users u WHERE u.username = role_name) THEN
        RAISE EXCEPTION 'no user % in this database', role_name
            USING ERRCODE = 'undefined_object', HINT = 'coursehub:no-user';
    END IF;
    IF NOT active AND role_name = session_user THEN
        RAISE EXCEPTION 'you cannot disable your own account'
            USING ERRCODE = 'insufficient_privilege', HINT = 'coursehub:self-disable';
    END IF;
    EXECUTE format('ALTER ROLE %I %s', role_name, CASE WHEN active THEN 'LOGIN' ELSE 'NOLOGIN' END);
    UPDATE users u SET active = coursehub_user_set_active.active,
                       updated_at = (now() AT TIME ZONE 'UTC')::timestamp(0)
    WHERE u.username = role_name;
END
$$;

CREATE OR REPLACE FUNCTION coursehub_user_set_password(role_name text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
BEGIN
    IF role_name IS DISTINCT FROM session_user THEN
        PERFORM coursehub_user_require_administrator();
    END IF;
    PERFORM coursehub_user_require_verifier(verifier);
    IF NOT coursehub_user_is_ours(role_name) OR NOT EXISTS (SELECT 1 FROM users u WHERE u.username = role_name) THEN
        RAISE EXCEPTION 'no user % in this database', role_name
            USING ERRCODE = 'undefined_object', HINT = 'coursehub:no-user';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', role_name, verifier);
    UPDATE users u SET updated_at = (now() AT TIME ZONE 'UTC')::timestamp(0) WHERE u.username = role_name;
END
$$;

DO $user_functions$
DECLARE
    item record;
BEGIN
    -- a new owner needs CREATE on the schema at the moment it takes a function over; the user
    -- manager keeps no such right afterwards
    GRANT CREATE ON SCHEMA @SCHEMA@ TO @USERS@;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        WHERE p.pronamespace = '@SCHEMA@'::regnamespace AND p.proname LIKE 'coursehub\_user\_%'
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO @USERS@', item.name);
    END LOOP;
    REVOKE CREATE ON SCHEMA @SCHEMA@ FROM @USERS@;
END
$user_functions$;

-- Privileges ----------------------------------------------------------------------------------
-- Functions are executable by PUBLIC when created: take that back, then grant per role.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @SCHEMA@ FROM PUBLIC, @ADMIN@, @STAFF@, @COORD@, @VIEWER@;
GRANT SELECT ON providers, courses, needs, holiday_adjustments, settings, finding_acknowledgements,
    course_seat_counts TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@;
GRANT SELECT ON import_mappings, exchange_state, course_roster, trainees, enrolments, trade_waits,
    subject_keys TO @ADMIN@, @STAFF@, @COORD@;
GRANT INSERT, UPDATE, DELETE ON providers, courses, needs, holiday_adjustments, import_mappings,
    exchange_state, finding_acknowledgements, trainees, enrolments, trade_waits, subject_keys
    TO @ADMIN@, @STAFF@;
GRANT INSERT, UPDATE, DELETE ON settings TO @ADMIN@;
GRANT INSERT, UPDATE ON settings TO @STAFF@;
GRANT INSERT, UPDATE, DELETE ON courses, import_mappings, exchange_state, finding_acknowledgements,
    trainees, enrolments, trade_waits, subject_keys TO @COORD@;
GRANT UPDATE ON providers TO @COORD@;
GRANT SELECT ON users, coursehub_schema_version TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@;
GRANT SELECT, INSERT, UPDATE ON users TO @USERS@;
GRANT INSERT ON audit_log TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@;
GRANT SELECT ON audit_log TO @ADMIN@;
GRANT EXECUTE ON FUNCTION coursehub_my_organisation(), coursehub_is_staff()
    TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@, @USERS@;
GRANT EXECUTE ON FUNCTION coursehub_last_pseudonym_number(text) TO @ADMIN@, @STAFF@, @COORD@;
GRANT EXECUTE ON FUNCTION coursehub_cross_organisation_clashes(date[]) TO @COORD@;
GRANT EXECUTE ON FUNCTION coursehub_fill_free_seats(integer, date[]) TO @ADMIN@, @STAFF@, @COORD@;

-- PostgreSQL 16 and later let a CREATEROLE role grant only roles it administers.
GRANT @ADMIN@, @STAFF@, @COORD@, @VIEWER@ TO @USERS@ WITH ADMIN OPTION;
GRANT SELECT ON providers TO @USERS@;
GRANT EXECUTE ON FUNCTION coursehub_user_add(text, text, text, integer, text, text),
    coursehub_user_set_active(text, boolean) TO @ADMIN@;
GRANT EXECUTE ON FUNCTION coursehub_user_set_password(text, text) TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@;

-- Attendance (issue 18, migration 0007) ------------------------------------------------------
-- Marks are personal data, scoped exactly like enrolments: staff every row; an NGO
-- coordinator the marks of the trainees their organisation registered (the trainees
-- subquery is itself held to the trainees policy, keyed on session_user); a viewer none.
-- Who recorded a mark is whoever logged in, whatever the program sent. (Row security is
-- switched on, and old policies dropped, with the other tables' under "Row-level security".)

CREATE OR REPLACE FUNCTION attendance_set_recorder() RETURNS trigger
LANGUAGE plpgsql SET search_path = @SCHEMA@, pg_temp AS $$
BEGIN
    NEW.recorded_by := session_user;
    NEW.recorded_at := (now() AT TIME ZONE 'Europe/Tirane')::timestamp(0);
    RETURN NEW;
END
$$;
ALTER FUNCTION attendance_set_recorder() OWNER TO @OWNER@;
REVOKE ALL ON FUNCTION attendance_set_recorder() FROM PUBLIC;  -- a trigger's, nobody calls it
DROP TRIGGER IF EXISTS attendance_set_recorder ON attendance;
CREATE TRIGGER attendance_set_recorder BEFORE INSERT OR UPDATE ON attendance
FOR EACH ROW EXECUTE FUNCTION attendance_set_recorder();

CREATE POLICY staff_all ON attendance FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_organisation ON attendance FOR ALL TO @COORD@
    USING (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id))
    WITH CHECK (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id));

-- A course's threshold: everyone reads it (it is part of the course); staff set any, a
-- coordinator those of their own organisation's courses.
CREATE POLICY everyone_reads ON course_attendance_thresholds FOR SELECT
    TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@ USING (true);
CREATE POLICY staff_all ON course_attendance_thresholds FOR ALL TO @ADMIN@, @STAFF@
    USING (true) WITH CHECK (true);
CREATE POLICY own_courses ON course_attendance_thresholds FOR ALL TO @COORD@
    USING (EXISTS (SELECT 1 FROM courses c WHERE c.id = course_id
                   AND c.provider_id = (SELECT coursehub_my_organisation())))
    WITH CHECK (EXISTS (SELECT 1 FROM courses c WHERE c.id = course_id
                        AND c.provider_id = (SELECT coursehub_my_organisation())));

REVOKE ALL ON attendance, course_attendance_thresholds FROM PUBLIC, @VIEWER@;
GRANT SELECT, INSERT, UPDATE, DELETE ON attendance TO @ADMIN@, @STAFF@, @COORD@;
GRANT SELECT ON course_attendance_thresholds TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@;
GRANT INSERT, UPDATE, DELETE ON course_attendance_thresholds TO @ADMIN@, @STAFF@, @COORD@;

-- Certificates (issue 18, branch certs, migration 0008) ---------------------------------------
-- The register holds pseudonyms, never names. Staff see and change every certificate; an NGO
-- coordinator only those of their own organisation's trainees (the trainees policy decides
-- which people they see). The per-provider counters hold numbers only: everyone who may print
-- takes the next one. Verifying a certificate by number and code, and the anonymous counts
-- of the Committee report, run with the owner's rights and name nobody. (Row security is
-- switched on under "Row-level security", as for attendance.)
CREATE POLICY owner_reads ON certificates FOR SELECT TO @OWNER@ USING (true);
CREATE POLICY staff_all ON certificates FOR ALL TO @ADMIN@, @STAFF@ USING (true) WITH CHECK (true);
CREATE POLICY own_organisation ON certificates FOR ALL TO @COORD@
    USING (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id))
    WITH CHECK (EXISTS (SELECT 1 FROM trainees t WHERE t.id = trainee_id));

CREATE OR REPLACE FUNCTION coursehub_certificate_check(wanted text, code text)
RETURNS TABLE (number text, course_id integer, issued_at timestamp(0), revoked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT x.number::text, x.course_id, x.issued_at, x.revoked_at IS NOT NULL
    FROM certificates x WHERE x.number = wanted AND x.verification_code = code
$$;
ALTER FUNCTION coursehub_certificate_check(text, text) OWNER TO @OWNER@;
REVOKE ALL ON FUNCTION coursehub_certificate_check(text, text) FROM PUBLIC;

DROP VIEW IF EXISTS course_certificate_counts;
CREATE VIEW course_certificate_counts AS
SELECT x.course_id, count(*)::integer AS certificates
FROM certificates x WHERE x.revoked_at IS NULL GROUP BY x.course_id;
ALTER VIEW course_certificate_counts OWNER TO @OWNER@;
ALTER TABLE certificate_sequences OWNER TO @OWNER@;

GRANT SELECT ON course_certificate_counts TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@;
GRANT SELECT, INSERT, UPDATE ON certificates, certificate_sequences TO @ADMIN@, @STAFF@, @COORD@;
GRANT EXECUTE ON FUNCTION coursehub_certificate_check(text, text) TO @ADMIN@, @STAFF@, @COORD@, @VIEWER@;
