"""Use cases: each public method is one user action and one transaction. No Qt, no SQL."""
