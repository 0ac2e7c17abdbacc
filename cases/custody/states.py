"""The custody case's status machine: the one table of allowed moves and the one function
that makes them. A booking is open (in custody) until it is closed once, by a release or a
transfer; a closed booking never reopens (a new booking is a new case)."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import CaseStatus, CustodyCase

S = CaseStatus
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    S.IN_CUSTODY: frozenset({S.RELEASED, S.TRANSFERRED_ICE, S.TRANSFERRED_AGENCY}),
    S.RELEASED: frozenset(),
    S.TRANSFERRED_ICE: frozenset(),
    S.TRANSFERRED_AGENCY: frozenset(),
}


def check_open(case: CustodyCase, doing: str) -> None:
    """Refuse, in plain words, to change a booking that is closed."""
    if case.status != S.IN_CUSTODY:
        raise ValidationError(
            f"Cannot {doing}: this person is no longer in custody ({case.get_status_display().lower()} "
            f"at {timezone.localtime(case.closed_at):%d %b %Y %H:%M})."
        )


def close(case: CustodyCase, to: str, *, at, reason: str, acting_user, transferred_to: str = "") -> None:
    """Move an open booking to ``to`` (saved). The caller holds the row lock and audits."""
    check_open(case, "release or transfer")
    if to not in CASE_TRANSITIONS[case.status]:
        raise ValidationError(f"A booking cannot become {CaseStatus(to).label.lower()}.")
    case.status, case.closed_at, case.closure_reason = to, at, reason
    case.closed_by, case.transferred_to = acting_user, transferred_to
    case.save()
