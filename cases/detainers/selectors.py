"""Reads of detainers that pages share, scoped to the user's agency."""

from django.db.models import Q

from cases.access import detainers_for_user
from cases.custody.selectors import a_number_in
from cases.models import Detainer

SEARCH_LIMIT = 10
# What the search box's list of detainers shows (templates/cases/_search_records.html): not the
# detainer's, the booking's and the person's hundred-odd columns, on every search
FOUND_FIELDS = (
    "received_at",
    "subject_id",
    "event_number",
    "file_number",
    "status",
    "case__person__first_name",
    "case__person__middle_name",
    "case__person__last_name",
)


def detainer_match(text: str) -> Q | None:
    """Detainers whose Subject ID or Event # is the text (case ignored) or whose A-number
    (file number) is the A-number the text spells; each through its own index."""
    text = text.strip()
    if not text:
        return None
    match = Q(subject_id__iexact=text) | Q(event_number__iexact=text)
    a_number = a_number_in(text)
    if a_number:
        match |= Q(file_number=a_number)
    return match


def detainers_matching(user, text: str, limit: int = SEARCH_LIMIT) -> list[Detainer]:
    """The agency's detainers matching the text (``detainer_match``), newest first: one query."""
    match = detainer_match(text)
    if match is None:
        return []
    return list(
        detainers_for_user(user)
        .filter(match)
        .select_related("case__person")
        .only(*FOUND_FIELDS)
        .order_by("-received_at", "-pk")[:limit]
    )
