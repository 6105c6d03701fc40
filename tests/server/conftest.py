"""The server fixtures (tests/server/access_fixtures.py) for every module of this folder."""

from tests.server.access_fixtures import cluster, make_database, make_shared_database  # noqa: F401
