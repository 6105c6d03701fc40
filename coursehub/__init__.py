"""CourseHub: coordinate vocational courses across the Durrës and Elbasan qarks."""

__version__ = "0.1.0"
