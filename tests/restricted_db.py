"""With CI=true the suite runs as the application's restricted PostgreSQL role.

``DATABASE_URL`` names a superuser (the harness's admin). Per test session (per xdist worker):

1. ``scripts/db_roles.sh`` creates the roles (``trustportal_owner``, ``trustportal_app``, or
   TRUSTPORTAL_DB_OWNER / TRUSTPORTAL_DB_APP) and a fresh test database owned by the owner;
2. the owner migrates it, then ``grant_app_role`` gives the app role its privileges, exactly
   as ``manage.py migrate_as_owner`` does in production;
3. the ``default`` connection switches to the app role for every test, the live server's
   threads and the Celery worker processes of the integration tests.

Flushing after a transactional test needs TRUNCATE, which the app role may not do and the
BEFORE TRUNCATE triggers refuse to anyone. The flush therefore runs on a separate connection
as the owner, which disables the TRUNCATE triggers, truncates and re-enables them in one
transaction (what any owner can do: it owns the tables; the app role cannot). Without
CI=true (a developer's machine) the suite connects as DATABASE_URL's role, which owns the
tables, and flushes the same way on its own connection.
"""

import contextlib
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
RESTRICTED = os.environ.get("CI") == "true"
OWNER = os.environ.get("TRUSTPORTAL_DB_OWNER", "trustportal_owner")
APP = os.environ.get("TRUSTPORTAL_DB_APP", "trustportal_app")

# Connection parameters of the three roles once the session's test database exists.
ROLES: dict[str, dict] = {}

TRUNCATE_TRIGGERS = """
SELECT t.tgrelid::regclass::text, t.tgname, t.tgenabled
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE NOT t.tgisinternal AND (t.tgtype & 32) <> 0
   AND c.relnamespace = 'public'::regnamespace
"""


def url(params: dict, dbname: str | None = None) -> str:
    """A postgres:// URL from Django connection parameters."""
    credentials = quote(params.get("USER") or "", safe="")
    if params.get("PASSWORD"):
        credentials += ":" + quote(params["PASSWORD"], safe="")
    host = params.get("HOST") or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{params.get('PORT') or 5432}/{dbname or params['NAME']}"


def _role(params: dict, user: str, password_variable: str) -> dict:
    return {**params, "USER": user, "PASSWORD": os.environ.get(password_variable, "")}


def _drop(admin: dict, dbname: str) -> None:
    with psycopg.connect(url(admin, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))


@pytest.fixture(scope="session", name="django_db_setup")
def restricted_django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """Replaces pytest-django's ``django_db_setup`` when CI=true (see the module docstring)."""
    from django.db import connection, connections
    from django.test.utils import setup_databases

    from trustportal.dbroles import connection_as, grant_app_role

    admin = dict(connection.settings_dict)
    test_name = connection.creation._get_test_db_name()
    with django_db_blocker.unblock():
        _drop(admin, test_name)
        env = {
            **os.environ,
            "DATABASE_ADMIN_URL": url(admin, "postgres"),
            "TRUSTPORTAL_DB_NAME": test_name,
            "TRUSTPORTAL_DB_OWNER": OWNER,
            "TRUSTPORTAL_DB_APP": APP,
        }
        script = ROOT / "scripts" / "db_roles.sh"
        roles = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True)
        if roles.returncode != 0:
            pytest.exit(
                "CI=true runs the tests as the application's role, and scripts/db_roles.sh could not "
                f"create it (DATABASE_URL must be a PostgreSQL superuser):\n{roles.stderr}",
                returncode=1,
            )
        owner = _role(admin, OWNER, "TRUSTPORTAL_DB_OWNER_PASSWORD")
        app = _role(admin, APP, "TRUSTPORTAL_DB_APP_PASSWORD")
        connection.settings_dict.update(USER=app["USER"], PASSWORD=app["PASSWORD"])
        with connection_as({"USER": owner["USER"], "PASSWORD": owner["PASSWORD"]}) as as_owner:
            # keepdb: the database exists already (db_roles.sh created it, owned by the owner).
            setup_databases(
                verbosity=request.config.option.verbose,
                interactive=False,
                keepdb=True,
                aliases={"default"},
                serialized_aliases=set(),
            )
            grant_app_role(as_owner, APP)
        for role, params in (("admin", admin), ("owner", owner), ("app", app)):
            ROLES[role] = {**params, "NAME": test_name}
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            assert cursor.fetchone() == (APP, test_name), "tests must use the test database as the app role"
    yield
    with django_db_blocker.unblock():
        connections.close_all()
        _drop(admin, test_name)


def _flush_past_truncate_triggers(cursor, sql_list) -> None:
    cursor.execute(TRUNCATE_TRIGGERS)
    triggers = cursor.fetchall()
    for table, trigger, _ in triggers:
        cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{trigger}"')
    for statement in sql_list:
        cursor.execute(statement)
    for table, trigger, enabled in triggers:
        how = {"A": "ENABLE ALWAYS", "R": "ENABLE REPLICA", "D": "DISABLE"}.get(enabled, "ENABLE")
        cursor.execute(f'ALTER TABLE {table} {how} TRIGGER "{trigger}"')


def install_test_flush() -> None:
    """Test-only: Django's flush (after each transactional test) passes the TRUNCATE guards."""
    from django.db import transaction
    from django.db.backends.postgresql.operations import DatabaseOperations

    def execute_sql_flush(self, sql_list):
        if RESTRICTED and ROLES:
            with psycopg.connect(url(ROLES["owner"])) as conn, conn.cursor() as cursor:
                _flush_past_truncate_triggers(cursor, sql_list)  # one transaction, committed on exit
            return
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            _flush_past_truncate_triggers(cursor, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush


def role_url(role: str, dbname: str | None = None) -> str:
    """The test database's URL (or ``dbname``'s) as ``admin`` (superuser), ``owner`` or
    ``app``. Without CI=true the suite has one role, DATABASE_URL's, and every name gives it."""
    from django.db import connection

    return url(ROLES[role] if ROLES else connection.settings_dict, dbname)


@contextlib.contextmanager
def as_owner():
    """Within the block the default connection is the owner's (migrations run as the owner);
    afterwards the app role gets its privileges on whatever the block created. Without
    CI=true there is one role and this does nothing."""

    from trustportal.dbroles import connection_as, grant_app_role

    if not (RESTRICTED and ROLES):
        yield
        return
    owner = ROLES["owner"]
    with connection_as({"USER": owner["USER"], "PASSWORD": owner["PASSWORD"]}) as as_owner_connection:
        try:
            yield
        finally:
            grant_app_role(as_owner_connection, APP)
