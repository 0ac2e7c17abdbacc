"""Query expressions the apps share."""

from django.db.models import BooleanField, Func


class AnyOf(Func):
    """``lhs = ANY(array)`` (PostgreSQL): an array parameter or ``ArraySubquery``. One parameter
    for a list of ids instead of one each, and a condition the planner cannot estimate from
    column statistics (the board reads such rows first, then sorts them)."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()
