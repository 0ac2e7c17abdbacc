"""Small-cell suppression for statewide figures: a count from 1 to 4 is shown as "<5" (a zero
stays a zero), so an aggregate can never single out a person or a handful of people."""

SMALLEST_SHOWN = 5
SUPPRESSED = "<5"


def cell(value):
    """``value`` as shown statewide: a count under five (and above zero) suppressed."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALLEST_SHOWN:
        return SUPPRESSED
    return value


def rows(table_rows) -> list[list]:
    return [[cell(value) for value in row] for row in table_rows]
