"""The semiannual OPM report ((e)(3)): both forms from the same accesses, half-years cut at
local midnight, only the listed columns, one agency's accesses only."""

import datetime as dt
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from cases.models import AccessBasis, AccessType, Ethnicity, Race, Sex
from reports import opm
from reports.periods import half_year
from tests.factories import IceAccessFactory, PersonFactory

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")


def at(*args):
    return dt.datetime(*args, tzinfo=NY)


def access(person, moment, access_type=AccessType.RESPOND, basis=AccessBasis.DETAINER):
    return IceAccessFactory(detainer__case__person=person, at=moment, access_type=access_type, basis=basis)


@pytest.fixture
def people(agency):
    return {
        "ana": PersonFactory(
            agency=agency,
            first_name="Ana",
            last_name="Quintero",
            sex=Sex.FEMALE,
            date_of_birth=dt.date(1990, 5, 17),
            race=Race.WHITE,
            ethnicity=Ethnicity.HISPANIC,
            citizenship="Guatemala",
            a_number="A012345678",
        ),
        "ben": PersonFactory(
            agency=agency,
            first_name="Ben",
            last_name="Okafor",
            sex=Sex.MALE,
            date_of_birth=dt.date(2009, 3, 1),
            race=Race.BLACK,
            ethnicity="",
            citizenship="Nigeria",
        ),
    }


def report(agency, label="2026-H1"):
    return opm.opm_report(agency, half_year(label))


def test_the_totals_equal_the_records_they_summarise(agency, people):
    access(people["ana"], at(2026, 2, 3, 10), AccessType.RESPOND)
    access(people["ana"], at(2026, 2, 4, 9), AccessType.RELEASE_NOTICE)
    access(people["ben"], at(2026, 5, 1, 12), AccessType.INTERVIEW, AccessBasis.OTHER)

    result = report(agency)
    stats = result.statistics
    assert (stats["individuals"], stats["accesses"]) == (2, 3)
    assert len(result.records) == stats["accesses"]
    assert sum(row["accesses"] for row in stats["by_type_and_basis"]) == len(result.records)
    cells = {
        (r["access_type"], r["basis"]): (r["individuals"], r["accesses"]) for r in stats["by_type_and_basis"]
    }
    assert cells[("A", "detainer")] == (1, 1)
    assert cells[("B", "detainer")] == (1, 1)
    assert cells[("D", "other")] == (1, 1)
    assert cells[("D", "detainer")] == (0, 0)
    for field, rows in stats["by_demographic"].items():
        assert sum(row["individuals"] for row in rows) == stats["individuals"], field
    by = {
        field: {r["value"]: r["individuals"] for r in rows} for field, rows in stats["by_demographic"].items()
    }
    assert (by["sex"]["F"], by["sex"]["M"], by["sex"]["X"]) == (1, 1, 0)
    assert (by["age"]["under_18"], by["age"]["35-44"]) == (1, 1)  # Ben 17, Ana 35
    assert by["ethnicity"] == {"hispanic": 1, "not_hispanic": 0, "not_recorded": 1}
    assert by["citizenship"] == {"Guatemala": 1, "Nigeria": 1}


def test_half_years_are_cut_at_local_midnight(agency, people):
    ana = people["ana"]
    access(ana, at(2025, 12, 31, 23, 59))  # 2026-01-01 04:59 UTC: still 2025-H2
    access(ana, at(2026, 1, 1, 0, 5))  # 05:05 UTC
    late_june = access(ana, at(2026, 6, 30, 23, 30))  # EDT: 2026-07-01 03:30 UTC
    early_july = access(ana, at(2026, 7, 1, 0, 10))
    assert late_june.at.astimezone(dt.UTC).date() == dt.date(2026, 7, 1)

    with time_machine.travel(at(2026, 7, 15, 9), tick=False):
        h1 = report(agency, "2026-H1")
        h2 = report(agency, "2026-H2")
        last = report(agency, "2025-H2")
    assert [r["access_date"] for r in h1.records] == ["2026-01-01", "2026-06-30"]
    assert [r["access_date"] for r in h2.records] == ["2026-07-01"]
    assert [r["access_date"] for r in last.records] == ["2025-12-31"]
    assert early_july.at > late_june.at


def test_the_records_form_has_exactly_the_listed_columns_and_no_identifier(agency, people):
    access(people["ana"], at(2026, 3, 9, 14))
    out = StringIO()
    call_command(
        "ice_access_report", agency=agency.ori, period="2026-H1", form="records", fmt="csv", stdout=out
    )
    text = out.getvalue()
    header, row = text.splitlines()
    assert header == "access_date,access_type,basis,sex,age_at_access,race,ethnicity,citizenship"
    assert row == "2026-03-09,A,detainer,F,35,white,hispanic,Guatemala"
    for personal in ("Ana", "Quintero", "A012345678", "1990", "B2", "ERO", "ICE (", "Ofc."):
        assert personal not in text
    out = StringIO()
    call_command(
        "ice_access_report", agency=agency.ori, period="2026-H1", form="records", fmt="json", stdout=out
    )
    payload = json.loads(out.getvalue())
    assert [list(r) for r in payload["records"]] == [list(opm.RECORD_COLUMNS)]


def test_another_agencys_accesses_are_never_counted(agency, other_agency, people):
    access(people["ana"], at(2026, 3, 9, 14))
    stranger = PersonFactory(agency=other_agency, sex=Sex.FEMALE)
    access(stranger, at(2026, 3, 10, 14))
    access(stranger, at(2026, 3, 11, 14))
    assert (report(agency).statistics["accesses"], report(other_agency).statistics["accesses"]) == (1, 2)
    assert report(agency).statistics["individuals"] == 1


def test_the_statistics_json_has_the_contracts_shape(agency, people):
    access(people["ben"], at(2026, 8, 2, 8), AccessType.PROBATION, AccessBasis.OTHER)
    out = StringIO()
    call_command(
        "ice_access_report", agency=agency.ori, period="2026-H2", form="statistics", fmt="json", stdout=out
    )
    payload = json.loads(out.getvalue())
    assert list(payload) == [
        "agency",
        "period",
        "individuals",
        "accesses",
        "by_type_and_basis",
        "by_demographic",
    ]
    assert (payload["agency"], payload["period"], payload["individuals"], payload["accesses"]) == (
        agency.ori,
        "2026-H2",
        1,
        1,
    )
    assert len(payload["by_type_and_basis"]) == 12  # every type × basis, zeros included
    assert {"access_type": "F", "basis": "other", "individuals": 1, "accesses": 1} in payload[
        "by_type_and_basis"
    ]
    assert list(payload["by_demographic"]) == ["sex", "age", "race", "ethnicity", "citizenship"]
    assert {"value": "M", "individuals": 1} in payload["by_demographic"]["sex"]


def test_the_statistics_csv_carries_the_same_tables(agency, people):
    access(people["ana"], at(2026, 3, 9, 14))
    out = StringIO()
    call_command(
        "ice_access_report", agency=agency.ori, period="2026-H1", form="statistics", fmt="csv", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "table,access_type,basis,field,value,individuals,accesses"
    assert lines[1] == "total,,,,,1,1"
    assert "by_type_and_basis,A,detainer,,,1,1" in lines
    assert "by_demographic,,,sex,F,1," in lines
    assert "by_demographic,,,age,35-44,1," in lines
