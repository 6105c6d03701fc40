"""The domain: providers, courses, schedules, eligibility, needs. Standard library only."""
