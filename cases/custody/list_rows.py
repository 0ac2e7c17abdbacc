"""The custody list's rows, ready to print: each row's link, texts and badges made once in
Python (one ``reverse()`` for the page, the app's date formats spelled out), so the template
prints one value a row instead of a dozen look-ups, filters, a ``{% url %}`` and an included
badge template (DESIGN §10: the list is within 3× the trivial page; the template's work per
row was most of its time)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from cases.models import CaseStatus
from trustportal.common.views import date_texts, link_pattern, local_datetime_texts

STATUS_LABELS = dict(CaseStatus.choices)
# templates/cases/_case_status_badge.html, as a row needs it
STATUS_BADGE = '<span class="badge text-bg-{}" data-testid="case-status">{}</span>'
STATUS_COLOURS: dict[str, str] = {CaseStatus.IN_CUSTODY: "primary", CaseStatus.RELEASED: "secondary"}
ROW = """<tr data-testid="custody-row">
      <td><a href="{url}">{last_name}, {first_name}</a></td>
      <td class="text-nowrap">{born}</td>
      <td>{booking_number}</td>
      <td class="text-nowrap">{booked}</td>
      <td>{facility}</td>
      <td>{status}</td>
      <td class="text-nowrap">{releasable}</td>
      <td class="text-end">{open_detainers}</td>
      <td class="text-nowrap">{a_number}</td>
    </tr>"""
OPEN_DETAINERS = '<span class="badge text-bg-warning">{}</span>'


# The columns a row shows, in the order ``custody_rows`` reads them: the list reads them as
# tuples (``values_list``), not as 50 bookings and 50 people built as models.
ROW_COLUMNS = (
    "pk",
    "person__last_name",
    "person__first_name",
    "person__date_of_birth",
    "booking_number",
    "booked_at",
    "facility",
    "status",
    "releasable_at",
    "open_detainers",
    "person__a_number",
)


@dataclass(frozen=True, slots=True)
class CustodyRow:
    case_id: int
    html: SafeString


def custody_rows(values) -> list[CustodyRow]:
    """The page's bookings, as tuples of ``ROW_COLUMNS``, as table rows: every text typed by
    someone escaped, the rest made here of numbers, dates and constants."""
    before, after = link_pattern("cases:case_detail")
    moment_text, day_text = local_datetime_texts(), date_texts()
    statuses = {
        status: STATUS_BADGE.format(STATUS_COLOURS.get(status, "info"), label)
        for status, label in STATUS_LABELS.items()
    }
    rows = []
    for pk, last, first, born, number, booked, facility, status, releasable, detainers, a_number in values:
        html = ROW.format(
            url=f"{before}{pk}{after}",
            last_name=escape(last),
            first_name=escape(first),
            born=day_text(born),
            booking_number=escape(number),
            booked=moment_text(booked),
            facility=escape(facility),
            status=statuses.get(status) or STATUS_BADGE.format("info", status),
            releasable=moment_text(releasable) if releasable else "—",
            open_detainers=OPEN_DETAINERS.format(detainers) if detainers else "0",
            a_number=escape(a_number) if a_number else "—",
        )
        rows.append(CustodyRow(pk, mark_safe(html)))  # noqa: S308 - typed text escaped here, the rest is ours
    return rows
