"""Set up Django for a benchmark against its own PostgreSQL database (created if missing)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trustportal_bench")


def setup(*, fresh: bool = False) -> None:
    """Django against the benchmark database; ``fresh`` drops it first (the audit trail
    refuses TRUNCATE and DELETE, so dropping the database is the only way to shrink it)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ.setdefault("TRUSTPORTAL_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustportal.settings")
    _create_database(fresh)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_database(fresh: bool = False) -> None:
    import psycopg

    name = BENCH_DB.rsplit("/", 1)[-1]
    admin_url = BENCH_DB.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
