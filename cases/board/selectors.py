"""The custody board: who is in custody with a detainer that still needs attention, nearest
deadline first. One query whatever the number of rows (annotations, no per-row lookups)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from cases.models import CaseStatus, Decision, Detainer, DetainerStatus
from cases.reminders import decision_link
from trustportal.accounts.access import scope_to_agency

MISSING, DECISION, HOLD = "missing", "decision", "hold"
DEADLINE_LABELS = {
    MISSING: "Release time missing",
    DECISION: "Decision due before release",
    HOLD: "Hold limit (release by)",
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


def _current_hold_until():
    """The hold limit of the detainer's current (not superseded) decision, if it holds."""
    current = Decision.objects.filter(detainer=OuterRef("pk"), superseded_by__isnull=True)
    return Subquery(current.order_by("-recorded_at", "-id").values("hold_until")[:1])


def board_queryset(user):
    holding = Q(status=DetainerStatus.DECIDED, hold_until__isnull=False)
    qs = (
        scope_to_agency(Detainer.objects.all(), user, field="case__agency")
        .filter(case__status=CaseStatus.IN_CUSTODY)
        .annotate(hold_until=_current_hold_until())
        .filter(Q(status=DetainerStatus.OPEN) | holding)
        .annotate(
            missing=Case(
                When(status=DetainerStatus.OPEN, case__releasable_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            deadline=Case(
                When(status=DetainerStatus.OPEN, then=F("case__releasable_at")),
                default=F("hold_until"),
            ),
        )
        .select_related("case", "case__person")
    )
    return qs.order_by("missing", F("deadline").asc(nulls_first=True), "case__booking_number", "pk")


def _kind(detainer) -> str:
    if detainer.status == DetainerStatus.OPEN:
        return MISSING if detainer.case.releasable_at is None else DECISION
    return HOLD


BOARD_LIMIT = 100  # the nearest deadlines; the custody list has everyone


def board_rows(user, limit: int | None = None) -> list[BoardRow]:
    limit = BOARD_LIMIT if limit is None else limit
    return [BoardRow(d, _kind(d), d.deadline) for d in board_queryset(user)[:limit]]


def board_total(user) -> int:
    return board_queryset(user).order_by().count()
