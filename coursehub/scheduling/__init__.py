"""Weekly schedules expanded to dated sessions, and the calendar of days off."""
