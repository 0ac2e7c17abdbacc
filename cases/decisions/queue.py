"""The supervisors' review queue in plain words: one dict of ready texts per waiting decision.

The page lists up to 50 decisions; everything a row shows is computed here once, in Python
(links, how long it has waited, truncated texts), so the template only prints values and a
row costs no ``{% url %}``, filter or attribute walk per cell. The verdict badges
(``_review_verdicts.html``) are rendered once per distinct set of verdicts on the page (most
rows share a handful), not once per row.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator
from django.utils.timesince import timesince

from cases.decisions import presenters
from cases.models import DecisionAction

TEXT_LIMIT = 160  # rationale and override reason, as the queue shows them
_MARKER = 2_147_483_647


def _link(name: str):
    """``reverse`` once per page, not once per row: the route with a row's pk spliced in."""
    prefix, suffix = reverse(name, args=[_MARKER]).split(str(_MARKER))
    return lambda pk: f"{prefix}{pk}{suffix}"


def _short(text: str) -> str:
    return text if len(text) <= TEXT_LIMIT else Truncator(text).chars(TEXT_LIMIT)


def since_text(moment, days: dict) -> str:
    """``local_datetime_text(moment)`` ("Mon 30 Nov 2026 13:05 EST"), the day's words made once
    per day on the page (``days``), not once per row: Django's date formatting of names costs
    ten times the rest."""
    local = timezone.localtime(moment)
    day = days.get(local.date())
    if day is None:
        day = days[local.date()] = dateformat.format(local, "D d M Y")
    return f"{day} {local:%H:%M} {local.tzname()}"


def _verdicts_html(actions: dict, rendered: dict) -> str:
    """The verdict badges of a result's ``actions``, rendered once per distinct verdicts."""
    key = tuple(sorted((action, a["verdict"]) for action, a in actions.items()))
    if key not in rendered:
        rendered[key] = render_to_string(
            "cases/_review_verdicts.html",
            {
                "needs_review": presenters.has_needs_review(actions),
                "verdicts": presenters.verdict_badges(actions),
            },
        )
    return rendered[key]


def queue_rows(values: list[dict], *, user, now) -> list[dict]:
    """The rows of ``selectors.review_queue_rows`` as the queue shows them."""
    detail, review = _link("cases:decision_detail"), _link("cases:decision_review")
    labels = {a.value: a.label for a in DecisionAction}
    rendered: dict = {}
    days: dict = {}
    rows = []
    for v in values:
        names = (v["first_name"], v["middle_name"], v["last_name"])
        officer = " ".join(n for n in (v["officer_first_name"], v["officer_last_name"]) if n)
        rows.append(
            {
                "pk": v["pk"],
                "own": v["recorded_by_id"] == user.pk,
                "detail_url": detail(v["pk"]),
                "review_url": review(v["pk"]),
                "waited": timesince(v["recorded_at"], now),
                "since": since_text(v["recorded_at"], days),
                "person": " ".join(n for n in names if n),
                "booking_number": v["booking_number"],
                "correction": v["supersedes_id"] is not None,
                "actions": "; ".join(labels.get(a, a) for a in v["actions"]),
                "override_reason": _short(v["override_reason"]) if v["is_override"] else None,
                "rationale": _short(v["rationale"]),
                "verdicts": _verdicts_html(v["verdicts"], rendered),
                "officer": officer or v["officer_username"],
            }
        )
    return rows
