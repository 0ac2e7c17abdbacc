"""Tests that only PostgreSQL can run (query plans, prepared statements, concurrency, pg_dump)."""

import os

import pytest
from django.db import connection


def postgresql_only(why: str) -> None:
    """Skip on the local SQLite fallback, saying ``why``; fail under CI=true, which runs on
    PostgreSQL, where these tests must run and pass."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI runs on PostgreSQL ({why})")
    pytest.skip(why)
