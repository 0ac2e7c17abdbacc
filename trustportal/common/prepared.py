"""Statements a polled page runs on every request, planned once per database connection.

PostgreSQL plans a statement each time it receives it; for the board's statements (joins,
subqueries, a UNION ALL of ordered branches) planning cost about as much as running them, on
every 30-second poll of every desk. ``run_prepared`` sends such a statement as a server-side
prepared statement (``PREPARE`` once per connection, then ``EXECUTE``): planned once, reused
while the connection lives (``CONN_MAX_AGE``). PostgreSQL itself re-plans it when a table it
reads changes shape or gets new statistics (``ANALYZE``).

The statement is prepared with its values written in (no parameters), so its plan is made for
those values, as an ordinary query's is: callers pass only values of their own making (an
agency's id, limits, statuses), never text a user typed, and key the name by them.

Prepared statements belong to a database session, so they do not survive a connection pooler
in transaction mode (PgBouncer): ``TRUSTPORTAL_PREPARED_STATEMENTS=false`` turns them off (the
statement then runs as a plain query). On other databases (SQLite) it always does.
"""

import re
import weakref

from django.conf import settings
from django.db import connection

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_PER_CONNECTION = 200  # then the connection's statements are dropped and prepared afresh
# The names prepared on each open connection (the driver's connection object: a new one after a
# reconnect has none, and a closed one drops out of the map).
_PREPARED: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()


def enabled() -> bool:
    return connection.vendor == "postgresql" and getattr(settings, "TRUSTPORTAL_PREPARED_STATEMENTS", True)


def run_prepared(name: str, sql: str, params: tuple | list = ()) -> list[tuple]:
    """The rows of ``sql`` with ``params`` (``%s`` placeholders, as Django compiles them), run
    as the prepared statement ``name`` on this connection (prepared on first use). ``name``
    must identify the statement and its values: the same name always means the same text."""
    if not _NAME.match(name):
        raise ValueError(f"not a statement name: {name!r}")
    with connection.cursor() as cursor:
        if not enabled():
            cursor.execute(sql, params)
            return cursor.fetchall()
        names = _PREPARED.setdefault(connection.connection, set())
        if name not in names:
            if len(names) >= MAX_PER_CONNECTION:  # many agencies on one connection: start over
                cursor.execute("DEALLOCATE ALL")
                names.clear()
            # the values written in by the driver's own quoting (the connection's client-side
            # binding), then sent without parameters: "%" in the text is no placeholder here
            text = cursor.cursor.mogrify(sql, params)
            cursor.execute(f"PREPARE {name} AS {text}")
            names.add(name)
        cursor.execute(f"EXECUTE {name}")
        return cursor.fetchall()
