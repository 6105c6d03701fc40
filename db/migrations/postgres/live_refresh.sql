-- Live refresh (PostgreSQL only, not a numbered migration: applied again after every
-- migration run, it only replaces itself). After a statement changes the catalogue,
-- enrolments or findings, one notification on the channel `coursehub` names the table and
-- the courses touched, never a person: every listener gets every payload whatever the row
-- security, so a payload holds table names and course ids only.
-- {"table": "enrolments", "courses": [12, 14]}; "courses": null means "reload the table"
-- (more than 200 courses in one statement, or a table without courses).

CREATE OR REPLACE FUNCTION coursehub_notify_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = @SCHEMA@, pg_temp AS $$
DECLARE
    courses integer[];
BEGIN
    IF TG_ARGV[0] <> '' THEN
        EXECUTE format(
            'SELECT array_agg(DISTINCT %1$I) FROM (SELECT %1$I FROM changed_rows LIMIT 201) picked',
            TG_ARGV[0]
        ) INTO courses;
        IF cardinality(courses) > 200 THEN
            courses := NULL;
        END IF;
    END IF;
    PERFORM pg_notify('coursehub', json_build_object('table', TG_TABLE_NAME, 'courses', courses)::text);
    RETURN NULL;
END;
$$;

DO $live$
DECLARE
    target record;
    operation text;
BEGIN
    FOR target IN SELECT * FROM (VALUES
        ('courses', 'id'), ('enrolments', 'course_id'), ('providers', ''), ('needs', ''),
        ('holiday_adjustments', ''), ('finding_acknowledgements', ''), ('trade_waits', 'offered_course_id')
    ) AS t(name, course_column) LOOP
        FOREACH operation IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', target.name || '_live_' || operation, target.name);
            EXECUTE format(
                'CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS changed_rows '
                'FOR EACH STATEMENT EXECUTE FUNCTION coursehub_notify_change(%L)',
                target.name || '_live_' || operation, upper(operation), target.name,
                CASE operation WHEN 'delete' THEN 'OLD' ELSE 'NEW' END, target.course_column
            );
        END LOOP;
    END LOOP;
END;
$live$;
