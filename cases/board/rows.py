"""One row of the custody board, ready to print: every link and text is made once here, in
Python (one ``reverse()`` per page for the link prefixes, then string formatting), so the
polled table's template only prints attributes (DESIGN §10: the table renders 100 rows every
30 seconds on every desk; ``{% url %}``, model look-ups and filters per row were most of it).

The selectors read plain tuples (``values_list``), not model instances: the board needs a
handful of columns of three tables, not three models per row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cases.models import BoardEntry, DetainerStatus
from trustportal.common.views import link_pattern, local_datetime_text

MISSING, DECISION, HOLD, RELEASE = (
    BoardEntry.MISSING,
    BoardEntry.DECISION,
    BoardEntry.HOLD,
    BoardEntry.RELEASE,
)
DEADLINE_LABELS = {
    MISSING: "Release time missing",
    DECISION: "Decision due before release",
    HOLD: "Hold limit (release by)",
    RELEASE: "Release at (no hold allowed)",
}
STATUS_LABELS = dict(DetainerStatus.choices)

# The columns each board query reads, in this order (``on_override`` only for holds).
COLUMNS = (
    "pk",
    "status",
    "case_id",
    "case__booking_number",
    "case__releasable_at",
    "hold_until",
    "case__person__last_name",
    "case__person__first_name",
)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """What the table shows of one detainer, every text and link made."""

    kind: str
    deadline: dt.datetime | None
    detainer_id: int
    case_id: int
    booking_number: str
    last_name: str
    first_name: str
    status_label: str
    on_override: bool
    overdue: bool
    label: str
    countdown: str
    deadline_iso: str
    deadline_text: str
    case_url: str
    edit_url: str
    decision_url: str

    @property
    def html(self) -> SafeString:
        """The table row (``ROW`` below), every value escaped."""
        return row_html(self)


# The row's markup (templates/cases/_board_table.html prints one per row). Made here by string
# formatting, the names and the booking number escaped, because the table is re-rendered every
# 30 seconds on every desk: one template variable cost about as much as a whole row here.
ROW = """<tr data-testid="board-row" data-kind="{kind}"{row_class}>
      <td><a href="{case_url}">{last_name}, {first_name}</a></td>
      <td class="text-nowrap">{booking_number}</td>
      <td>{status}{badges}</td>
      <td class="text-nowrap">
        <span class="small text-body-secondary d-block">{label}</span>
        {deadline}
      </td>
      <td class="text-nowrap font-monospace">
        {countdown}
      </td>
      <td class="text-end">{decision_link}</td>
    </tr>"""
DECISION_LINK = (
    '<a class="btn btn-sm btn-outline-primary text-nowrap" href="{}" data-testid="board-decision-link">{}</a>'
)
DANGER = ' class="table-danger"'
HOLDING = ' <span class="badge text-bg-warning">holding</span>'
OVERRIDE = ' <span class="badge text-bg-danger" data-testid="board-override">on an override</span>'
BADGES = {
    HOLD: HOLDING,
    (HOLD, True): HOLDING + OVERRIDE,
    RELEASE: ' <span class="badge text-bg-info">release</span>',
}
DEADLINE = '<time datetime="{}" data-testid="board-deadline">{}</time>'
ENTER_RELEASE = (
    '<a class="fw-bold link-danger" href="{}" data-testid="board-missing">Enter the release time</a>'
)
COUNTDOWN = '<span data-deadline="{}" data-testid="countdown"{}>{}</span>'
NO_COUNTDOWN = '<span class="countdown-overdue">—</span>'
OVERDUE_CLASS = ' class="countdown-overdue"'


def row_html(row: BoardRow) -> SafeString:
    """The row's markup: the names and the booking number escaped; every other value is made
    here of numbers, dates and this module's constants."""
    if row.deadline is None:
        deadline, countdown = ENTER_RELEASE.format(row.edit_url), NO_COUNTDOWN
    else:
        deadline = DEADLINE.format(row.deadline_iso, row.deadline_text)
        countdown = COUNTDOWN.format(row.deadline_iso, OVERDUE_CLASS if row.overdue else "", row.countdown)
    action = "Decision record" if row.kind in (HOLD, RELEASE) else "Decide"
    return mark_safe(  # noqa: S308 - user text escaped above, the rest is ours
        ROW.format(
            kind=row.kind,
            row_class=DANGER if row.kind == MISSING or row.overdue else "",
            case_url=row.case_url,
            last_name=escape(row.last_name),
            first_name=escape(row.first_name),
            booking_number=escape(row.booking_number),
            status=row.status_label,
            badges=BADGES.get((row.kind, True) if row.on_override else row.kind, ""),
            label=row.label,
            deadline=deadline,
            countdown=countdown,
            decision_link=DECISION_LINK.format(row.decision_url, action),
        )
    )


@dataclass(frozen=True, slots=True)
class RowMaker:
    """Turns the board queries' tuples into rows, with one clock and one set of link patterns
    for the whole table."""

    now: dt.datetime
    case: tuple[str, str]
    edit: tuple[str, str]
    decision: tuple[str, str]

    @classmethod
    def for_request(cls) -> RowMaker:
        return cls(
            now=timezone.now(),
            case=link_pattern("cases:case_detail"),
            edit=link_pattern("cases:case_edit"),
            decision=link_pattern("cases:decision_screen"),
        )

    def row(self, values: tuple, kind: str, on_override: bool = False) -> BoardRow:
        pk, status, case_id, booking, releasable_at, hold_until, last, first = values[:8]
        deadline = None if kind == MISSING else hold_until if kind == HOLD else releasable_at
        overdue = deadline is not None and deadline <= self.now
        if deadline is None:
            iso = text = countdown = ""
        else:
            iso = timezone.localtime(deadline).isoformat()
            text = local_datetime_text(deadline)
            clock = _clock(abs(deadline - self.now))
            countdown = f"OVERDUE +{clock}" if overdue else clock
        return BoardRow(
            kind=kind,
            deadline=deadline,
            detainer_id=pk,
            case_id=case_id,
            booking_number=booking,
            last_name=last,
            first_name=first,
            status_label=STATUS_LABELS.get(status, status),
            on_override=bool(on_override),
            overdue=overdue,
            label=DEADLINE_LABELS[kind],
            countdown=countdown,
            deadline_iso=iso,
            deadline_text=text,
            case_url=f"{self.case[0]}{case_id}{self.case[1]}",
            edit_url=f"{self.edit[0]}{case_id}{self.edit[1]}",
            decision_url=f"{self.decision[0]}{pk}{self.decision[1]}",
        )


def _clock(delta: dt.timedelta) -> str:
    """The time left as static/js/countdown.js shows it (before the script takes over)."""
    total = int(delta.total_seconds())
    days, rest = divmod(total, 86400)
    clock = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"
    return f"{days} d {clock}" if days else clock
