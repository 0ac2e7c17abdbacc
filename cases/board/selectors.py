"""The custody board: who is in custody with a detainer that still needs attention, nearest
deadline first: a release time missing, a decision due, a hold's limit, or (after a decline or
a notice-only decision) the release time itself. Four branches for the rows whatever the number
of detainers (each reads its first rows in index order; DESIGN §10: the board polls every
30 s) and one capped count: on PostgreSQL two statements (the missing release times, then the
other branches and the count in one UNION ALL), each compiled once per process and agency;
five queries elsewhere. The rows come back as plain tuples; ``cases.board.rows`` makes
the kept ones ready to print."""

import functools
import hashlib
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.lookups import IsNull

from cases.board.rows import COLUMNS, DECISION, HOLD, MISSING, RELEASE, BoardRow, RowMaker
from cases.models import CaseStatus, CustodyCase, Decision, Detainer, DetainerStatus
from trustportal.accounts.access import scope_to_agency
from trustportal.common.expressions import AnyOf
from trustportal.common.prepared import run_prepared

__all__ = ["BOARD_LIMIT", "TOTAL_CAP", "Board", "BoardRow", "board", "board_queryset"]


def _in_custody(user):
    return scope_to_agency(Detainer.objects.all(), user, field="case__agency").filter(
        case__status=CaseStatus.IN_CUSTODY
    )


def _missing(user, limit: int):
    """Open detainers of people in custody without a release time, by booking number: the
    first ``limit`` such bookings along the partial index ``case_board_missing_idx``, then
    their detainers (joined first, the database hashed every open detainer)."""
    open_detainer = Detainer.objects.filter(case=OuterRef("pk"), status=DetainerStatus.OPEN)
    bookings = scope_to_agency(CustodyCase.objects.all(), user).filter(
        Exists(open_detainer), status=CaseStatus.IN_CUSTODY, releasable_at__isnull=True
    )
    first = bookings.order_by("booking_number").values("pk")[:limit]
    qs = _in_custody(user).filter(status=DetainerStatus.OPEN, case__in=first)
    return qs.order_by("case__booking_number", "pk")[:limit]


def _deadlines(user):
    """Open detainers by the nearest release time: the order of the partial index
    ``case_board_deadline_idx`` (cases in custody by agency, release time, booking number),
    so the database reads only the first rows."""
    qs = _in_custody(user).filter(status=DetainerStatus.OPEN, case__releasable_at__isnull=False)
    return qs.order_by("case__releasable_at", "case__booking_number", "pk")


def _holding(user):
    """Decided detainers held under their current decision, nearest hold limit first: the
    order of the partial index ``detainer_board_hold_idx`` on the limit the detainer keeps
    (``Detainer.hold_until``, copied from its current decision)."""
    qs = _in_custody(user).filter(status=DetainerStatus.DECIDED, hold_until__isnull=False)
    # The current decision, if an override, probed for each row shown (LIMIT 1: a plain EXISTS
    # was hashed over every decision the agency ever recorded, 5 ms at 100,000 cases and growing)
    overridden = Decision.objects.filter(
        detainer=OuterRef("pk"), superseded_by__isnull=True, is_override=True
    ).values("pk")[:1]
    on_override = IsNull(Subquery(overridden), False)
    return qs.annotate(on_override=on_override).order_by("hold_until", "case__booking_number", "pk")


# Decided without a hold (declined, or notice only): release when otherwise releasable.
RELEASING = Q(
    status__in=(DetainerStatus.DECIDED, DetainerStatus.DECLINED), hold_until__isnull=True, in_custody=True
)


def _releasing(user):
    """Detainers whose decision allows no hold, by the person's release time (the order of
    ``case_board_deadline_idx``): release is a duty too."""
    qs = _in_custody(user).filter(RELEASING, case__releasable_at__isnull=False)
    if connection.vendor == "postgresql":
        # Such detainers are few (those of people still in custody: ``in_custody`` takes the
        # declined detainers of everyone released out of the index), but the planner cannot
        # tell (it multiplies the odds of "decided" and "no hold limit") and walked every
        # booking in custody in release order looking for them: 375 ms at 300,000 bookings
        # with none. Found first (ARRAY(...), along detainer_board_release_idx), they are
        # only sorted.
        releases = Detainer.objects.filter(RELEASING).order_by().values("pk")  # the index alone
        qs = qs.filter(AnyOf(F("pk"), ArraySubquery(releases)))
    return qs.order_by("case__releasable_at", "case__booking_number", "pk")


def board_queryset(user):
    """Every detainer on the board (unordered): for counting."""
    holding = Q(status=DetainerStatus.DECIDED, hold_until__isnull=False)
    releasing = RELEASING & Q(case__releasable_at__isnull=False)
    qs = scope_to_agency(Detainer.objects.all(), user, field="case__agency")
    on_board = Q(status=DetainerStatus.OPEN) | holding | releasing
    return qs.filter(on_board, case__status=CaseStatus.IN_CUSTODY).order_by()


BOARD_LIMIT = 100  # the nearest deadlines; the custody list has everyone
TOTAL_CAP = 1_000  # the board counts this far ("more than 1,000"), not every row
TOTAL = "total"  # the kind of the one row of the combined query that carries the count


def _as_rows(qs, kind: str, override=None):
    """A branch as tuples of the columns shown, then ``on_override`` and the row's kind."""
    override = override if override is not None else Value(False, output_field=BooleanField())
    kind_value = Value(kind, output_field=CharField())
    return qs.annotate(row_kind=kind_value, row_override=override).values_list(
        *COLUMNS, "row_override", "row_kind"
    )


def _branches(user, limit: int) -> list:
    """The four queries, each in its own order and cut at ``limit`` (the plan tests read them)."""
    return [_as_rows(_missing(user, limit), MISSING), *_deadline_branches(user, limit)]


def _deadline_branches(user, limit: int) -> list:
    return [
        _as_rows(_deadlines(user)[:limit], DECISION),
        _as_rows(_holding(user)[:limit], HOLD, F("on_override")),
        _as_rows(_releasing(user)[:limit], RELEASE),
    ]


def _counted(user, cap: int):
    return board_queryset(user).values_list("pk")[: cap + 1]


@functools.lru_cache(maxsize=1024)
def _statement(agency_id: int, part: str, limit: int, cap: int) -> tuple[str, tuple]:
    """The SQL of one of the board's two statements. It depends only on the agency and the
    limits, so each process compiles it once: building the querysets with their joins and
    subqueries cost about as much as running them, on every poll of every desk.

    - ``MISSING``: the first ``limit`` missing release times;
    - ``TOTAL``: the three deadline branches cut at ``limit`` (the rows the missing ones left),
      each ORDER BY … LIMIT inside a UNION ALL so each still reads only its first rows along its
      index, and the count (up to ``cap`` + 1) as one more row."""
    user = _AgencyUser(agency_id)
    if part == MISSING:
        return _as_rows(_missing(user, limit), MISSING).query.sql_with_params()
    count_sql, count_params = _counted(user, cap).query.sql_with_params()
    blanks = ", ".join(["NULL"] * (len(COLUMNS) - 1))
    total = f"(SELECT COUNT(*), {blanks}, false, '{TOTAL}' FROM ({count_sql}) AS counted)"  # noqa: S608 - compiled SQL, no user text
    if limit <= 0:
        return total, count_params
    branches = _deadline_branches(user, limit)
    rows_sql, rows_params = branches[0].union(*branches[1:], all=True).query.sql_with_params()
    return f"{rows_sql} UNION ALL {total}", (*rows_params, *count_params)


class _AgencyUser:
    """What the scoping needs of a user (``scope_to_agency``): the agency."""

    def __init__(self, agency_id: int):
        self.agency_id = agency_id


def _run(agency_id: int, part: str, limit: int, cap: int) -> list[tuple]:
    """One of the board's statements, prepared once per connection (planning it cost as much as
    running it: ``trustportal.common.prepared``)."""
    sql, params = _statement(agency_id, part, limit, cap)
    return run_prepared(f"board_{part}_{agency_id}_{max(limit, 0)}_{cap}", sql, params)


def _fetch(user, limit: int, cap: int) -> tuple[list[tuple], list[tuple], int]:
    """The missing release times, the nearest deadlines of the rows they leave, and the capped
    count: two statements where the database runs ORDER BY and LIMIT inside a UNION ALL
    (PostgreSQL), else one query for each branch and the count. The deadline branches read
    nothing when the missing ones fill the board."""
    if user.agency_id is None:
        return [], [], 0
    if not connection.features.supports_slicing_ordering_in_compound:
        missing = list(_as_rows(_missing(user, limit), MISSING))
        room = limit - len(missing)
        branches = [list(qs) for qs in _deadline_branches(user, room)] if room > 0 else []
        nearest = [v for rows in branches for v in rows]
        if room > 0 and all(len(rows) < room for rows in branches):  # every row read: no count
            return missing, nearest, len(missing) + len(nearest)
        return missing, nearest, _counted(user, cap).count()
    missing = _run(user.agency_id, MISSING, limit, cap)
    # the deadline branches read ``limit`` rows whatever the missing ones left (the caller cuts
    # them): one statement per agency to prepare, not one per number of missing release times
    others = _run(user.agency_id, TOTAL, limit if len(missing) < limit else 0, cap)
    total = next(v[0] for v in others if v[-1] == TOTAL)
    return missing, [v for v in others if v[-1] != TOTAL], total


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
        return [make.row(v, v[-1], v[8]) for v in self.values]


def board(user, limit: int | None = None) -> Board:
    """The ``limit`` nearest deadlines, missing release times first, and the capped count:
    the first rows of each kind in index order (two statements on PostgreSQL), merged by
    deadline."""
    limit = BOARD_LIMIT if limit is None else limit
    missing, deadlines, total = _fetch(user, limit, TOTAL_CAP)
    nearest = sorted(deadlines, key=_deadline_key)[: limit - len(missing)]
    return Board(values=sorted(missing, key=_booking_key) + nearest, total=total, limit=limit)


def _booking_key(values: tuple) -> tuple:
    return (values[3], values[0])  # booking number, detainer


def _deadline_key(values: tuple) -> tuple:
    deadline = values[5] if values[-1] == HOLD else values[4]  # the hold limit, or the release time
    return (deadline, values[3], values[0])
