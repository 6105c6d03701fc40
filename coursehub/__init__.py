"""CourseHub: coordinate vocational courses across the Durrës and Elbasan qarks."""

# The single source of the version number (setup.cfg reads it with `attr:`; see docs/packaging.md).
__version__ = "0.1.0"
