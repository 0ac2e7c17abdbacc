"""Columns the database fills in on INSERT (a trigger on PostgreSQL), read back with RETURNING.

Whatever the application passes for them is overwritten by the database, and Django reads
the stored value back in the same INSERT … RETURNING statement, so the saved object always
shows what the database kept (for example the database's time, never a backdated one).
"""

from django.db import connection, models


class _SetByDatabase:
    @property
    def db_returning(self):
        """Private Django API: fields returned by INSERT … RETURNING."""
        return connection.features.can_return_columns_from_insert


class DatabaseTimeField(_SetByDatabase, models.DateTimeField):
    """A timestamp the database sets (``db_default=Now()``; on PostgreSQL a trigger
    overwrites any value the application sends)."""


class ChainSeqField(_SetByDatabase, models.BigIntegerField):
    """The audit row's position in the hash chain (set by the trigger on PostgreSQL)."""


class ChainHashField(_SetByDatabase, models.CharField):
    """A SHA-256 hex digest set by the trigger on PostgreSQL (empty on SQLite)."""
