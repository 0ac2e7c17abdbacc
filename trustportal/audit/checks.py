"""Deploy check: the application must not connect as a role that can undo the audit trail.

Runs with ``manage.py check --deploy --database default`` (database checks need
``--database``). On PostgreSQL it warns when the connection's role is a superuser, owns an
insert-only table (it could disable the triggers) or may UPDATE, DELETE or TRUNCATE one.
"""

from django.core.checks import Tags, Warning, register
from django.db import connections

from trustportal.dbroles import insert_only_tables

HINT = (
    "Connect as the application's role created by scripts/db_roles.sh (DATABASE_URL) and run "
    "the migrations as the owner (MIGRATION_DATABASE_URL, manage.py migrate_as_owner)."
)


@register(Tags.database, deploy=True)
def check_database_role(app_configs=None, databases=None, **kwargs):
    problems = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
            user, superuser = cursor.fetchone()
            if superuser:
                problems.append(
                    Warning(
                        f"Database {alias!r}: the application connects as {user}, a PostgreSQL "
                        "superuser, which can rewrite or remove the audit trail.",
                        hint=HINT,
                        id="trustportal.W001",
                    )
                )
                continue
            for table in insert_only_tables():
                cursor.execute(
                    "SELECT pg_get_userbyid(c.relowner) = current_user, "
                    "has_table_privilege(c.oid, 'UPDATE'), has_table_privilege(c.oid, 'DELETE'), "
                    "has_table_privilege(c.oid, 'TRUNCATE') FROM pg_class c WHERE c.oid = to_regclass(%s)",
                    [table],
                )
                row = cursor.fetchone()
                if row and any(row):
                    problems.append(
                        Warning(
                            f"Database {alias!r}: the application's role {user} owns {table} or may "
                            "UPDATE, DELETE or TRUNCATE it; its rows must only ever be inserted.",
                            hint=HINT,
                            id="trustportal.W002",
                        )
                    )
    return problems
