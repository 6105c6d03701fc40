-- No path (course dialog, import, exchange file) may leave a course with fewer seats than
-- the people who hold one (enrolled or completed): seat limits hold the same everywhere.
CREATE TRIGGER courses_seats_not_below_enrolled BEFORE UPDATE OF seats ON courses
WHEN NEW.seats < (SELECT count(*) FROM enrolments
                  WHERE course_id = NEW.id AND status IN ('enrolled', 'completed'))
BEGIN
    SELECT RAISE(ABORT, 'seats below enrolled: a course cannot have fewer seats than people enrolled');
END;
