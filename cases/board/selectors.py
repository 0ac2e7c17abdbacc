"""The custody board: who is in custody with a detainer that still needs attention, nearest
deadline first: a release time missing, a decision due, a hold's limit, or (after a decline or
a notice-only decision) the release time itself. Four queries for the rows whatever the number
of detainers (each reads its first rows in index order; DESIGN §10: the board polls every
30 s) and one capped count."""

import heapq
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cases.models import CaseStatus, CustodyCase, Decision, Detainer, DetainerStatus
from cases.reminders import decision_link
from trustportal.accounts.access import scope_to_agency

MISSING, DECISION, HOLD, RELEASE = "missing", "decision", "hold", "release"
DEADLINE_LABELS = {
    MISSING: "Release time missing",
    DECISION: "Decision due before release",
    HOLD: "Hold limit (release by)",
    RELEASE: "Release at (no hold allowed)",
}


@dataclass(frozen=True)
class BoardRow:
    detainer: Detainer
    kind: str
    deadline: datetime | None

    @property
    def person(self):
        return self.detainer.case.person

    @property
    def case(self):
        return self.detainer.case

    @property
    def label(self) -> str:
        return DEADLINE_LABELS[self.kind]

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline <= timezone.now()

    @property
    def on_override(self) -> bool:
        """A hold that rests on a supervisor-approved override, not on the guidance."""
        return bool(getattr(self.detainer, "on_override", False))

    @property
    def decision_url(self) -> str:
        return decision_link(self.detainer)

    @property
    def countdown(self) -> str:
        """The time left as static/js/countdown.js shows it (before the script takes over)."""
        if self.deadline is None:
            return ""
        left = self.deadline - timezone.now()
        text = _clock(abs(left))
        return f"OVERDUE +{text}" if left.total_seconds() <= 0 else text


def _clock(delta: timedelta) -> str:
    total = int(delta.total_seconds())
    days, rest = divmod(total, 86400)
    clock = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"
    return f"{days} d {clock}" if days else clock


def _in_custody(user):
    return (
        scope_to_agency(Detainer.objects.all(), user, field="case__agency")
        .filter(case__status=CaseStatus.IN_CUSTODY)
        .select_related("case", "case__person")
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
    overridden = Decision.objects.filter(
        detainer=OuterRef("pk"), superseded_by__isnull=True, is_override=True
    )
    return qs.annotate(on_override=Exists(overridden)).order_by("hold_until", "case__booking_number", "pk")


# Decided without a hold (declined, or notice only): release when otherwise releasable.
RELEASING = Q(status__in=(DetainerStatus.DECIDED, DetainerStatus.DECLINED), hold_until__isnull=True)


def _releasing(user):
    """Detainers whose decision allows no hold, by the person's release time (the order of
    ``case_board_deadline_idx``): release is a duty too."""
    qs = _in_custody(user).filter(RELEASING, case__releasable_at__isnull=False)
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


def _sort_key(row: BoardRow) -> tuple:
    return (row.deadline, row.case.booking_number, row.detainer.pk)


def board_rows(user, limit: int | None = None) -> list[BoardRow]:
    """The ``limit`` nearest deadlines, missing release times first: four queries, each
    reading only its first ``limit`` rows in index order, merged (each comes sorted)."""
    limit = BOARD_LIMIT if limit is None else limit
    missing = [BoardRow(d, MISSING, None) for d in _missing(user, limit)]
    rest = limit - len(missing)
    opened = [BoardRow(d, DECISION, d.case.releasable_at) for d in _deadlines(user)[:rest]]
    held = [BoardRow(d, HOLD, d.hold_until) for d in _holding(user)[:rest]]
    releasing = [BoardRow(d, RELEASE, d.case.releasable_at) for d in _releasing(user)[:rest]]
    return missing + list(heapq.merge(opened, held, releasing, key=_sort_key))[:rest]


def board_total(user) -> int:
    """How many detainers are on the board, counted up to ``TOTAL_CAP`` + 1."""
    return board_queryset(user)[: TOTAL_CAP + 1].count()
