"""The two PostgreSQL roles: the owner runs the migrations, the application owns nothing.

``scripts/db_roles.sh`` creates the roles and the database (docs/decisions/0004). Here:

- ``grant_app_role``: the table privileges of the application's role, applied by
  ``manage.py migrate_as_owner`` after every migration run. The role may read every table,
  insert into every table, update and delete rows of every table except the insert-only ones
  (every concrete ``InsertOnlyModel``: the audit trail and recorded decisions) and
  ``django_migrations``. It is never given TRUNCATE, REFERENCES or TRIGGER, and it owns
  nothing, so it cannot ALTER a table (or disable its triggers) either.
- ``connection_as``: point a connection alias at another role for a while (the migrations
  run as the owner, then the application's role takes the connection back).
"""

from contextlib import contextmanager

from django.apps import apps
from django.db import connections, transaction

from trustportal.immutable import InsertOnlyModel

CONNECTION_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


def insert_only_tables() -> list[str]:
    """Tables whose rows are only ever inserted: every concrete InsertOnlyModel's."""
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, InsertOnlyModel) and not model._meta.proxy
    )


def grant_app_role(connection, app_role: str) -> None:
    """Give ``app_role`` exactly the application's privileges on every table and sequence of
    the current schema, in one transaction. Run as the owner, after the migrations."""
    if connection.vendor != "postgresql":
        return
    qn = connection.ops.quote_name
    role = qn(app_role)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = qn(cursor.fetchone()[0])
        existing = set(connection.introspection.table_names(cursor))
        no_update = [qn(table) for table in insert_only_tables() if table in existing]
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        cursor.execute(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {role}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
        if no_update:
            cursor.execute(f"REVOKE UPDATE, DELETE ON {', '.join(no_update)} FROM {role}, PUBLIC")
        if "django_migrations" in existing:
            cursor.execute(f"REVOKE INSERT, UPDATE, DELETE ON {qn('django_migrations')} FROM {role}")


@contextmanager
def connection_as(database: dict, alias: str = "default"):
    """Within the block, ``connections[alias]`` connects with ``database``'s parameters
    (USER, PASSWORD, …: any of CONNECTION_KEYS it has); afterwards the alias's own come back.
    Keys the block itself changes and ``database`` does not name (the test database's NAME)
    are kept."""
    connection = connections[alias]
    overrides = {key: database[key] for key in CONNECTION_KEYS if key in database}
    saved = {key: connection.settings_dict.get(key) for key in overrides}
    connection.close()
    connection.settings_dict.update(overrides)
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict.update(saved)
