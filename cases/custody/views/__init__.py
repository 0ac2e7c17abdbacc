"""Custody pages: who is in custody, intake, people, bookings, charges, convictions,
release and transfer. Thin views: parse, fetch through access.py / selectors, call a
service, render or redirect."""

from .bookings import case_detail, case_edit, case_release, case_timeline, case_transfer
from .common import CSV_HEADER, PAGE_SIZE, SORTABLE
from .lists import custody_list, intake
from .people import person_detail, person_edit, person_history
from .records import (
    CONVICTION_NOTE,
    charge_add,
    charge_edit,
    conviction_add,
    conviction_edit,
    conviction_verify,
)
from .urls import urlpatterns

__all__ = [
    "CONVICTION_NOTE",
    "CSV_HEADER",
    "PAGE_SIZE",
    "SORTABLE",
    "case_detail",
    "case_edit",
    "case_release",
    "case_timeline",
    "case_transfer",
    "charge_add",
    "charge_edit",
    "conviction_add",
    "conviction_edit",
    "conviction_verify",
    "custody_list",
    "intake",
    "person_detail",
    "person_edit",
    "person_history",
    "urlpatterns",
]
