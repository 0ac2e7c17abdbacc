"""Tell the apps that count cases' records which local days' figures changed.

reports keeps daily counts of detainers (by the day received), decisions (by the day recorded)
and ICE access (by the day given) for the dashboard and policy impact; cases never imports it.
The writes below call ``figures_changed`` with the moments whose days changed, and every hook
registered in ``cases.decisions.hooks`` (the figures registry) runs once the transaction
commits (robust: a failing hook is logged, the write stands; reports' rebuild repairs it).
"""

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db import transaction

from cases.decisions.hooks import registered_figures_hooks
from cases.models import CustodyCase, Decision, Detainer, IceAccess


def figures_changed(agency_id: int, moments: Iterable[dt.datetime | None] | None) -> None:
    """After commit: the figures of ``agency_id`` on the local days of ``moments`` (None: every day)."""
    when = None if moments is None else tuple(sorted({m for m in moments if m is not None}))
    if when == ():
        return
    for hook in registered_figures_hooks():
        transaction.on_commit(partial(hook, agency_id, when), robust=True)


def detainer_decision_moments(detainer_id: int) -> list[dt.datetime]:
    """When the detainer's decisions were recorded (their time-to-decision depends on it)."""
    return list(Decision.objects.filter(detainer_id=detainer_id).values_list("recorded_at", flat=True))


def case_figures_changed(case: CustodyCase) -> None:
    """Every figure counting one of the case's records (its facility changed): a query per kind."""
    detainers = Detainer.objects.filter(case=case).values_list("received_at", flat=True)
    decisions = Decision.objects.filter(detainer__case=case).values_list("recorded_at", flat=True)
    access = IceAccess.objects.filter(case=case).values_list("at", flat=True)
    figures_changed(case.agency_id, [*detainers, *decisions, *access])
