"""The catalogue's change history, from its model-history rows (django-simple-history): one
row's versions on its edit page, and every change statewide on the history page."""

from collections import defaultdict

from django.contrib.auth import get_user_model

from cases.models import Offense

HISTORY_SHOWN = 50
EXCLUDED = ["updated_at"]


def row_history(offense):
    """The row's past versions, newest first, each with what changed from the one before."""
    records = list(offense.history.select_related("history_user").order_by("-history_date", "-history_id")
                   [: HISTORY_SHOWN + 1])  # fmt: skip
    entries = []  # rows seeded by a migration have no history records at all
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = newer.diff_against(older, excluded_fields=EXCLUDED).changes if older is not None else []
        entries.append({"record": newer, "changes": changes})
    return entries[:HISTORY_SHOWN]


def catalogue_changes(records) -> list[dict]:
    """For a page of history records (any rows): each with the version before it, in two
    queries whatever the page's length."""
    records = list(records)
    ids = {r.id for r in records}
    users = {r.history_user_id for r in records if r.history_user_id}
    people = get_user_model().objects.select_related("agency").in_bulk(users)
    versions = defaultdict(list)
    if records:
        earlier = Offense.history.filter(id__in=ids, history_date__lte=max(r.history_date for r in records))
        for version in earlier.order_by("history_date", "history_id"):
            versions[version.id].append(version)
    entries = []
    for record in records:
        chain = versions[record.id]
        position = next(i for i, v in enumerate(chain) if v.history_id == record.history_id)
        older = chain[position - 1] if position > 0 else None
        changes = record.diff_against(older, excluded_fields=EXCLUDED).changes if older is not None else []
        entries.append({"record": record, "changes": changes, "user": people.get(record.history_user_id)})
    return entries
