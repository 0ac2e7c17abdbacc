"""The custody board: who is in custody with a detainer that still needs attention, nearest
deadline first: a release time missing, a decision due, a hold's limit, or (after a decline or
a notice-only decision) the release time itself.

The board reads ``BoardEntry`` (``cases_boardentry``), one row per detainer on it, kept by the
database's triggers with its kind of deadline and the deadline (migration ``0029_board_entry``):
the missing release times by booking number along one index, the nearest deadlines along
another, and the count up to its cap along the second alone, so a poll costs the rows it shows,
whatever the number of bookings and detainers behind them (DESIGN §10: the board polls every
30 s). On PostgreSQL the three are one statement (a UNION ALL), compiled once per process and
agency and prepared once per database connection; three queries elsewhere. The rows come back
as plain tuples; ``cases.board.rows`` makes the kept ones ready to print."""

import functools
import hashlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Case, F, OuterRef, Subquery, Value, When
from django.db.models.lookups import IsNull

from cases.board.rows import COLUMNS, MISSING, BoardRow, RowMaker
from cases.models import BoardEntry, Decision
from trustportal.accounts.access import scope_to_agency
from trustportal.common.prepared import run_prepared

__all__ = ["BOARD_LIMIT", "TOTAL_CAP", "Board", "BoardRow", "board", "board_entries"]

BOARD_LIMIT = 100  # the nearest deadlines; the custody list has everyone
TOTAL_CAP = 1_000  # the board counts this far ("more than 1,000"), not every row
TOTAL = "total"  # the kind of the one row of the combined statement that carries the count

# The columns shown, read through the entry (``COLUMNS`` names them from the detainer).
_ENTRY_COLUMNS = tuple(
    "detainer_id"
    if column == "pk"
    else "booking_number"
    if column == "case__booking_number"
    else f"detainer__{column}"
    for column in COLUMNS
)


def board_entries(user):
    """Every entry of the user's agency's board (unordered; none for a user without an agency)."""
    return scope_to_agency(BoardEntry.objects.all(), user).order_by()


def _missing(user, limit: int):
    """Open detainers of bookings without a release time, by booking number
    (``board_entry_missing_idx``)."""
    qs = board_entries(user).filter(kind=BoardEntry.MISSING)
    return _as_rows(qs.order_by("booking_number", "detainer_id")[:limit])


def _nearest(user, limit: int):
    """The nearest deadlines, of every other kind (``board_entry_deadline_idx``: the entries
    without a deadline, the missing ones, come last in it and are never reached)."""
    qs = board_entries(user).filter(deadline__isnull=False)
    return _as_rows(qs.order_by("deadline", "booking_number", "detainer_id")[:limit])


def _counted(user, cap: int):
    """The entries, up to ``cap`` + 1, along ``board_entry_deadline_idx`` alone."""
    return board_entries(user).values_list("pk")[: cap + 1]


def _as_rows(qs):
    """Tuples of the columns shown, then whether a hold rests on an override, then the kind.
    The override is probed for the hold rows read (the current decision, LIMIT 1)."""
    overridden = Decision.objects.filter(
        detainer=OuterRef("detainer_id"), superseded_by__isnull=True, is_override=True
    ).values("pk")[:1]
    override = Case(
        When(kind=BoardEntry.HOLD, then=IsNull(Subquery(overridden), False)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return qs.annotate(row_override=override, row_kind=F("kind")).values_list(
        *_ENTRY_COLUMNS, "row_override", "row_kind"
    )


@functools.lru_cache(maxsize=1024)
def _statement(agency_id: int, limit: int, cap: int) -> tuple[str, tuple]:
    """The board's one statement on PostgreSQL: the first ``limit`` missing release times, the
    ``limit`` nearest deadlines (each ORDER BY … LIMIT inside the UNION ALL, so each reads only
    its first rows along its index) and the count (up to ``cap`` + 1) as one more row. It
    depends only on the agency and the limits, so each process compiles it once."""
    user = _AgencyUser(agency_id)
    rows_sql, rows_params = (
        _missing(user, limit).union(_nearest(user, limit), all=True).query.sql_with_params()
    )
    count_sql, count_params = _counted(user, cap).query.sql_with_params()
    blanks = ", ".join(["NULL"] * (len(COLUMNS) - 1))
    total = f"(SELECT COUNT(*), {blanks}, false, '{TOTAL}' FROM ({count_sql}) AS counted)"  # noqa: S608 - compiled SQL, no user text
    return f"{rows_sql} UNION ALL {total}", (*rows_params, *count_params)


def _fetch(user, limit: int, cap: int) -> tuple[list[tuple], list[tuple], int]:
    """The missing release times, the nearest deadlines and the capped count: one prepared
    statement on PostgreSQL, three queries elsewhere."""
    if not connection.features.supports_slicing_ordering_in_compound:
        return (
            list(_missing(user, limit)),
            list(_nearest(user, limit)),
            _counted(user, cap).count(),
        )
    sql, params = _statement(user.agency_id, limit, cap)
    values = run_prepared(f"board_{user.agency_id}_{limit}_{cap}", sql, params)
    total = next(v[0] for v in values if v[-1] == TOTAL)
    missing = [v for v in values if v[-1] == MISSING]
    return missing, [v for v in values if v[-1] not in (MISSING, TOTAL)], total


class _AgencyUser:
    """What the scoping needs of a user (``scope_to_agency``): the agency."""

    def __init__(self, agency_id: int):
        self.agency_id = agency_id


@dataclass(frozen=True)
class Board:
    """The board's rows as read (tuples), how many detainers are on it (up to the cap + 1),
    and a fingerprint of both: the polled table answers "unchanged" when the browser's copy
    has the same one (the countdowns run in the browser, not on the server)."""

    values: list[tuple]
    total: int
    limit: int

    @functools.cached_property
    def version(self) -> str:
        return hashlib.sha256(repr((self.values, self.total, self.limit)).encode()).hexdigest()[:20]

    @functools.cached_property
    def rows(self) -> list[BoardRow]:
        make = RowMaker.for_request()
        return [make.row(v, v[-1], v[-2]) for v in self.values]


def board(user, limit: int | None = None) -> Board:
    """The ``limit`` nearest deadlines, missing release times first, and the capped count of
    the user's agency's board (none for a user without an agency)."""
    limit = BOARD_LIMIT if limit is None else limit
    if user.agency_id is None:
        return Board(values=[], total=0, limit=limit)
    missing, nearest, total = _fetch(user, limit, TOTAL_CAP)
    return Board(values=(missing + nearest)[:limit], total=total, limit=limit)
