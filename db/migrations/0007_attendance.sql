-- Attendance (issue 18): a mark per enrolled person and held session date, the outcome of
-- an enrolment when the course ends, and each course's attendance threshold. Marks are
-- personal data: they hang on the enrolment (trainee and course), so erasing a person
-- removes their marks with their enrolments.

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    trainee_id INTEGER NOT NULL,
    course_id INTEGER NOT NULL,
    session_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (trainee_id, course_id, session_date),
    FOREIGN KEY (trainee_id, course_id) REFERENCES enrolments (trainee_id, course_id) ON DELETE CASCADE
);
CREATE INDEX attendance_by_course ON attendance (course_id, session_date);

-- How an enrolment ended: completed (status 'completed') or did not complete (status
-- 'withdrawn', with the reason). A completion below the course's attendance threshold
-- keeps the staff's written reason.
ALTER TABLE enrolments ADD COLUMN completed_on TEXT;
ALTER TABLE enrolments ADD COLUMN outcome TEXT
    CHECK (outcome IS NULL OR outcome IN ('completed', 'did_not_complete'));
ALTER TABLE enrolments ADD COLUMN outcome_reason TEXT
    CHECK (outcome_reason IS NULL OR outcome_reason IN ('dropped_out', 'moved', 'found_work', 'other'));
ALTER TABLE enrolments ADD COLUMN threshold_override_reason TEXT NOT NULL DEFAULT '';

-- A course's own attendance threshold; a course without a row uses the setting.
CREATE TABLE course_attendance_thresholds (
    course_id INTEGER PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
    percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100)
);

INSERT OR IGNORE INTO settings (key, value) VALUES ('attendance.threshold_percent', '80');
INSERT OR IGNORE INTO settings (key, value) VALUES ('attendance.dropout_sessions', '3');
