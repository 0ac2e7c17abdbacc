"""Query expressions the apps share."""

from django.db.models import BooleanField, Func, IntegerField, Value


class AnyOf(Func):
    """``lhs = ANY(array)`` (PostgreSQL): one array parameter (``IdArray``) for a list of ids
    instead of one parameter each (the custody search's people)."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


class IdArray(Value):
    """A list of integer ids as one array parameter (``%s::integer[]``, PostgreSQL) for
    ``AnyOf``, written as the array's text ('{1,2,3}'): ``Value(ids, output_field=ArrayField(...))``
    has Django prepare every id in turn each time a query is compiled and the driver adapt the
    list to an ``int4[]`` (the custody search's 200 people, compiled for the count and for the
    page: 400 calls and about 0.4 ms a query more than the text)."""

    def __init__(self, ids):
        from django.contrib.postgres.fields import ArrayField

        text = "{" + ",".join(str(int(i)) for i in ids) + "}"  # int(): nothing but numbers
        super().__init__(text, output_field=ArrayField(IntegerField()))

    def as_sql(self, compiler, connection):
        return self.output_field.get_placeholder(self.value, compiler, connection), [self.value]
