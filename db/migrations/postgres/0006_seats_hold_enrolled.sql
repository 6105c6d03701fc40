-- PostgreSQL twin of ../0006_seats_hold_enrolled.sql: no path may leave a course with fewer
-- seats than the people who hold one. The course's seat lock (see 0003) is taken first, so
-- an enrolment committed at the same moment is counted.
CREATE FUNCTION courses_seats_not_below_enrolled() RETURNS trigger
LANGUAGE plpgsql SET search_path = @SCHEMA@, pg_temp AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7106, NEW.id);
    IF NEW.seats < (SELECT count(*) FROM enrolments
                    WHERE course_id = NEW.id AND status IN ('enrolled', 'completed')) THEN
        RAISE EXCEPTION 'seats below enrolled: a course cannot have fewer seats than people enrolled'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER courses_seats_not_below_enrolled BEFORE UPDATE OF seats ON courses
FOR EACH ROW WHEN (NEW.seats < OLD.seats)
EXECUTE FUNCTION courses_seats_not_below_enrolled();
