"""Public-records (FOIA) exports of ICE access, C.G.S. § 54-192h(e)(2): every record of ICE
access is a public record — the number and demographic data of the people given access, the
date, the type, the resources spent, and every communication with a federal immigration
authority (in summary: how, with whom, what). The usual FOIA exemptions still apply: an agency
redacts whole columns, each with its reason, and the export records and shows them.

The person's name, identifiers, booking and A-numbers, date of birth and confidential fields
are never read, whatever the redactions.
"""

from django.utils import timezone

from cases.models import AccessMethod, IceAccess, age_on

from .opm import NOT_RECORDED
from .periods import Period

COLUMNS = (
    "access_date",
    "access_type",
    "basis",
    "sex",
    "age_at_access",
    "race",
    "ethnicity",
    "citizenship",
    "staff_minutes",
    "communication_method",
    "ice_contact",
    "communication",
)
# What the law names as the record itself stays; the rest may be redacted with a reason.
ALWAYS_SHOWN = ("access_date", "access_type", "basis")
REDACTABLE = tuple(c for c in COLUMNS if c not in ALWAYS_SHOWN)
REDACTED = "[redacted]"
COMMUNICATION_SUMMARY_CHARS = 500

REASON_CHOICES = (
    ("", "Not redacted"),
    ("personal privacy (C.G.S. § 1-210(b)(2))", "Personal privacy (C.G.S. § 1-210(b)(2))"),
    ("law enforcement records (C.G.S. § 1-210(b)(3))", "Law-enforcement records (C.G.S. § 1-210(b)(3))"),
    ("safety risk (C.G.S. § 1-210(b)(19))", "Safety risk (C.G.S. § 1-210(b)(19))"),
    ("identifies the person (small numbers)", "Could identify the person (small numbers)"),
    ("other exemption (see the request file)", "Other exemption (see the request file)"),
)

_METHOD = dict(AccessMethod.choices)


def summary(text: str) -> str:
    """The communication in one paragraph, at most COMMUNICATION_SUMMARY_CHARS characters."""
    flat = " ".join((text or "").split())
    if len(flat) <= COMMUNICATION_SUMMARY_CHARS:
        return flat
    return flat[: COMMUNICATION_SUMMARY_CHARS - 1].rstrip() + "…"


def records(agency, period: Period) -> list[dict]:
    """Every ICE access of ``agency`` in ``period``, as public-record rows, in one query."""
    rows = (
        IceAccess.objects.filter(agency=agency, at__gte=period.start, at__lt=period.end)
        .order_by("at", "id")
        .values_list(
            "at",
            "access_type",
            "basis",
            "person__sex",
            "person__date_of_birth",
            "person__race",
            "person__ethnicity",
            "person__citizenship",
            "staff_minutes",
            "method",
            "ice_contact_name",
            "communication",
        )
    )
    result = []
    for at, kind, basis, sex, born, race, ethnicity, citizenship, minutes, method, contact, text in rows:
        day = timezone.localdate(at)
        result.append(
            {
                "access_date": day.isoformat(),
                "access_type": kind,
                "basis": basis,
                "sex": sex,
                "age_at_access": age_on(born, day),
                "race": race or NOT_RECORDED,
                "ethnicity": ethnicity or NOT_RECORDED,
                "citizenship": (citizenship or "").strip() or NOT_RECORDED,
                "staff_minutes": "" if minutes is None else minutes,
                "communication_method": _METHOD.get(method, method),
                "ice_contact": contact,
                "communication": summary(text),
            }
        )
    return result


def redact(rows: list[dict], redactions: dict[str, str]) -> list[dict]:
    return [{c: (REDACTED if c in redactions else row[c]) for c in COLUMNS} for row in rows]


def header(redactions: dict[str, str]) -> list[str]:
    """The CSV header: a redacted column says so, with its reason, in the file itself."""
    return [f"{c} (redacted: {redactions[c]})" if c in redactions else c for c in COLUMNS]


def csv_rows(rows: list[dict], redactions: dict[str, str]):
    yield header(redactions)
    for row in redact(rows, redactions):
        yield [row[c] for c in COLUMNS]
