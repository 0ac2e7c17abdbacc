"""The detainer's status machine: the one table of allowed transitions and the one function
every writer goes through (logging a status by hand, a decision, a release, a transfer)."""

from django.core.exceptions import ValidationError

from cases.figures import figures_changed
from cases.models import Detainer, DetainerStatus

S = DetainerStatus
DETAINER_TRANSITIONS: dict[str, frozenset[str]] = {
    # A transfer to ICE honors the open detainers; the transfer service lets it happen only
    # when a decision in force permits it (cases/ice/gates.py).
    S.OPEN: frozenset({S.DECIDED, S.DECLINED, S.CANCELLED, S.LAPSED, S.HONORED}),
    S.DECIDED: frozenset({S.DECIDED, S.DECLINED, S.HONORED, S.LAPSED, S.CANCELLED}),
    S.DECLINED: frozenset({S.DECIDED, S.DECLINED, S.LAPSED, S.CANCELLED}),  # a correction may change it
    S.HONORED: frozenset(),
    S.LAPSED: frozenset(),
    S.CANCELLED: frozenset(),
}
# Still awaiting an outcome: shown on the board, lapsed on release, honored on transfer to ICE.
OPEN_STATUSES = (S.OPEN, S.DECIDED)
# Statuses an officer may set by hand on the detainer page (the others follow from events).
MANUAL_STATUSES = (S.CANCELLED, S.LAPSED)


def can_transition(current: str, to: str) -> bool:
    return to in DETAINER_TRANSITIONS.get(current, frozenset())


def transition(detainer: Detainer, to: str) -> str:
    """Move ``detainer`` to ``to`` (saved), or raise ValidationError in plain words. Returns
    the status it had. The caller holds the row lock and writes the audit row."""
    before = detainer.status
    if before == to and to != S.DECIDED:
        return before
    if not can_transition(before, to):
        raise ValidationError(
            f"A detainer that is {DetainerStatus(before).label.lower()} cannot become "
            f"{DetainerStatus(to).label.lower()}."
        )
    detainer.status = to
    detainer.save(update_fields=["status"])
    figures_changed(detainer.case.agency_id, [detainer.received_at])  # the outcome counts
    return before


def close_open_detainers(case, to: str) -> list[int]:
    """On release (lapsed) or transfer to ICE (honored): every still-open detainer of the case."""
    changed = []
    for detainer in Detainer.objects.select_for_update().filter(case=case, status__in=OPEN_STATUSES):
        if can_transition(detainer.status, to):
            detainer.case = case  # the caller's (locked) row: no query per detainer
            transition(detainer, to)
            changed.append(detainer.pk)
    return changed
