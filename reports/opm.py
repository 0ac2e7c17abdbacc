"""The semiannual report to the Office of Policy and Management (C.G.S. § 54-192h(e)(3)).

Two forms from the same rows, read in one query whatever the number of accesses:

- ``records``: one row per ICE access in the period, personal identifiers redacted. Exactly
  the columns of ``RECORD_COLUMNS``: no name, no identifier, no booking or A-number, no date of
  birth, no free text (the CONFIDENTIAL_FIELDS of a person are never read).
- ``statistics``: the number of individuals and of accesses, by access type and basis, and by
  each demographic field (age in bands). Every demographic table counts each individual once
  (age at their first access in the period), so each adds up to ``individuals``; the type and
  basis table adds up to ``accesses`` (one person may have accesses of several types).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from cases.models import AccessBasis, AccessType, Ethnicity, IceAccess, Race, Sex, age_on

from .periods import Period

RECORD_COLUMNS = (
    "access_date",
    "access_type",
    "basis",
    "sex",
    "age_at_access",
    "race",
    "ethnicity",
    "citizenship",
)
DEMOGRAPHIC_FIELDS = ("sex", "age", "race", "ethnicity", "citizenship")
NOT_RECORDED = "not_recorded"
AGE_BANDS = (
    ("under_18", 0, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65_and_over", 65, 200),
)
STATISTICS_CSV_COLUMNS = ("table", "access_type", "basis", "field", "value", "individuals", "accesses")

# The values every report lists, zero or not, so one period's table lines up with the next.
_FIXED_VALUES = {
    "sex": [s.value for s in Sex],
    "age": [band for band, _, _ in AGE_BANDS],
    "race": [r.value for r in Race if r.value] + [NOT_RECORDED],
    "ethnicity": [e.value for e in Ethnicity if e.value] + [NOT_RECORDED],
}


def age_band(age: int) -> str:
    for band, low, high in AGE_BANDS:
        if low <= age <= high:
            return band
    raise ValueError(f"no age band for {age}")


@dataclass(frozen=True)
class OpmReport:
    agency_ori: str
    period: str
    records: list[dict]
    statistics: dict


def _access_rows(agency, period: Period):
    """(person id, record) per access in the period, in time order: the one query."""
    rows = (
        IceAccess.objects.filter(agency=agency, at__gte=period.start, at__lt=period.end)
        .order_by("at", "id")
        .values_list(
            "person_id",
            "at",
            "access_type",
            "basis",
            "person__sex",
            "person__date_of_birth",
            "person__race",
            "person__ethnicity",
            "person__citizenship",
        )
    )
    for person_id, at, access_type, basis, sex, born, race, ethnicity, citizenship in rows:
        day = timezone.localdate(at)
        yield (
            person_id,
            {
                "access_date": day.isoformat(),
                "access_type": access_type,
                "basis": basis,
                "sex": sex or Sex.UNKNOWN.value,
                "age_at_access": age_on(born, day),
                "race": race or NOT_RECORDED,
                "ethnicity": ethnicity or NOT_RECORDED,
                "citizenship": (citizenship or "").strip() or NOT_RECORDED,
            },
        )


def _statistics(agency_ori: str, period: str, rows: list[tuple[int, dict]]) -> dict:
    people: dict[int, dict] = {}  # each person as at their first access in the period
    by_cell_accesses: Counter = Counter()
    by_cell_people: dict[tuple[str, str], set[int]] = defaultdict(set)
    for person_id, record in rows:
        people.setdefault(person_id, record)
        cell = (record["access_type"], record["basis"])
        by_cell_accesses[cell] += 1
        by_cell_people[cell].add(person_id)
    by_type_and_basis = [
        {
            "access_type": access_type.value,
            "basis": basis.value,
            "individuals": len(by_cell_people[(access_type.value, basis.value)]),
            "accesses": by_cell_accesses[(access_type.value, basis.value)],
        }
        for access_type in AccessType
        for basis in AccessBasis
    ]
    by_demographic = {}
    for field in DEMOGRAPHIC_FIELDS:
        if field == "age":
            counts = Counter(age_band(r["age_at_access"]) for r in people.values())
        else:
            counts = Counter(r[field] for r in people.values())
        values = _FIXED_VALUES.get(field) or sorted(counts, key=lambda v: (v == NOT_RECORDED, -counts[v], v))
        by_demographic[field] = [{"value": v, "individuals": counts[v]} for v in values]
    return {
        "agency": agency_ori,
        "period": period,
        "individuals": len(people),
        "accesses": len(rows),
        "by_type_and_basis": by_type_and_basis,
        "by_demographic": by_demographic,
    }


def opm_report(agency, period: Period) -> OpmReport:
    """Both forms of the agency's report for ``period``, in one query."""
    rows = list(_access_rows(agency, period))
    return OpmReport(
        agency_ori=agency.ori,
        period=period.label,
        records=[record for _, record in rows],
        statistics=_statistics(agency.ori, period.label, rows),
    )


def records_json(report: OpmReport) -> dict:
    return {"agency": report.agency_ori, "period": report.period, "records": report.records}


def records_csv_rows(report: OpmReport):
    yield list(RECORD_COLUMNS)
    for record in report.records:
        yield [record[c] for c in RECORD_COLUMNS]


def statistics_csv_rows(report: OpmReport):
    """The statistics as one long table: the totals, then each table's rows."""
    stats = report.statistics
    yield list(STATISTICS_CSV_COLUMNS)
    yield ["total", "", "", "", "", stats["individuals"], stats["accesses"]]
    for row in stats["by_type_and_basis"]:
        yield [
            "by_type_and_basis",
            row["access_type"],
            row["basis"],
            "",
            "",
            row["individuals"],
            row["accesses"],
        ]
    for field, rows in stats["by_demographic"].items():
        for row in rows:
            yield ["by_demographic", "", "", field, row["value"], row["individuals"], ""]


def filename(report: OpmReport, form: str, fmt: str) -> str:
    return f"ice-access-{report.agency_ori}-{report.period}-{form}.{fmt}"
