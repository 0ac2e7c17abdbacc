"""Query expressions the apps share."""

from django.db.models import BooleanField, Func, IntegerField, Value


class AnyOf(Func):
    """``lhs = ANY(array)`` (PostgreSQL): an array parameter or ``ArraySubquery``. One parameter
    for a list of ids instead of one each, and a condition the planner cannot estimate from
    column statistics (the board reads such rows first, then sorts them)."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


class IdArray(Value):
    """A list of integer ids as one array parameter (``%s::integer[]``, PostgreSQL) for
    ``AnyOf``: the ids as they are, instead of ``Value(ids, output_field=ArrayField(...))``,
    which has Django prepare every id in turn each time a query is compiled (the custody
    search's 200 people, compiled for the count and for the page: 400 calls a request)."""

    def __init__(self, ids):
        from django.contrib.postgres.fields import ArrayField

        super().__init__([int(i) for i in ids], output_field=ArrayField(IntegerField()))

    def as_sql(self, compiler, connection):
        return self.output_field.get_placeholder(self.value, compiler, connection), [self.value]
