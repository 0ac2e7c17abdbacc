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
from trustportal.common.views import date_text, link_pattern, local_datetime_text

STATUS_LABELS = dict(CaseStatus.choices)
# templates/cases/_case_status_badge.html, as a row needs it
STATUS_BADGE = '<span class="badge text-bg-{}" data-testid="case-status">{}</span>'
STATUS_COLOURS = {CaseStatus.IN_CUSTODY: "primary", CaseStatus.RELEASED: "secondary"}
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


@dataclass(frozen=True, slots=True)
class CustodyRow:
    case_id: int
    html: SafeString


def custody_rows(cases) -> list[CustodyRow]:
    """The page's bookings (with ``person`` and ``open_detainers``) as table rows: every text
    typed by someone escaped, the rest made here of numbers, dates and constants."""
    before, after = link_pattern("cases:case_detail")
    return [CustodyRow(case.pk, _html(case, f"{before}{case.pk}{after}")) for case in cases]


def _html(case, url: str) -> SafeString:
    person = case.person
    colour = STATUS_COLOURS.get(case.status, "info")
    detainers = case.open_detainers
    return mark_safe(  # noqa: S308 - typed text escaped here, the rest is ours
        ROW.format(
            url=url,
            last_name=escape(person.last_name),
            first_name=escape(person.first_name),
            born=date_text(person.date_of_birth),
            booking_number=escape(case.booking_number),
            booked=local_datetime_text(case.booked_at),
            facility=escape(case.facility),
            status=STATUS_BADGE.format(colour, STATUS_LABELS.get(case.status, case.status)),
            releasable=local_datetime_text(case.releasable_at) if case.releasable_at else "—",
            open_detainers=OPEN_DETAINERS.format(detainers) if detainers else "0",
            a_number=escape(person.a_number) if person.a_number else "—",
        )
    )
