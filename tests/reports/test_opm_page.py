"""The OPM report page: supervisors and agency admins generate, preview and download it;
every generation and download is audited; a fixed number of queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.factories import IceAccessFactory, PersonFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
URL = "/reports/opm/"


def accesses(agency, n):
    for i in range(n):
        person = PersonFactory(agency=agency, last_name=f"Zeta{i}")
        IceAccessFactory(detainer__case__person=person, at=dt.datetime(2026, 2, 1 + i % 27, 10, tzinfo=NY))


@pytest.mark.parametrize("persona", ["supervisor", "agency_admin"])
def test_a_supervisor_or_admin_previews_both_forms(client, sign_in, request, agency, persona):
    accesses(agency, 2)
    sign_in(request.getfixturevalue(persona))
    page = client.get(URL, {"period": "2026-H1"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "<strong>2</strong> individuals given ICE access" in text
    assert 'data-testid="opm-records"' in text and "2026-02-01" in text
    assert "Zeta0" not in text
    event = AuditEvent.objects.get(action="report.opm_preview")
    assert event.details["period"] == "2026-H1"


@pytest.mark.parametrize("persona", ["desk_officer", "auditor", "trainer"])
def test_other_roles_are_refused(client, sign_in, request, persona):
    sign_in(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "2026-H1/records.csv").status_code == 403


def test_downloads_are_csv_and_audited(client, sign_in, supervisor, agency):
    accesses(agency, 3)
    sign_in(supervisor)
    response = client.get(URL + "2026-H1/records.csv")
    body = b"".join(response.streaming_content).decode()
    assert (
        response["Content-Disposition"] == 'attachment; filename="ice-access-CT0006400-2026-H1-records.csv"'
    )
    assert (
        body.splitlines()[0] == "access_date,access_type,basis,sex,age_at_access,race,ethnicity,citizenship"
    )
    assert len(body.splitlines()) == 4
    stats = b"".join(client.get(URL + "2026-H1/statistics.csv").streaming_content).decode()
    assert stats.splitlines()[1] == "total,,,,,3,3"
    assert client.get(URL + "2026-H1/statistics.json").json()["accesses"] == 3
    assert client.get(URL + "2026-H3/statistics.csv").status_code == 404
    downloads = AuditEvent.objects.filter(action="report.opm_download")
    assert sorted(e.details["form"] + "." + e.details["format"] for e in downloads) == [
        "records.csv",
        "statistics.csv",
        "statistics.json",
    ]


def test_a_bad_period_falls_back_and_says_so(client, sign_in, supervisor):
    sign_in(supervisor)
    text = client.get(URL, {"period": "2026-H3"}).content.decode()
    assert "is not a half-year" in text


def test_the_page_takes_a_fixed_number_of_queries(
    client, sign_in, supervisor, agency, django_assert_max_num_queries
):
    sign_in(supervisor)
    accesses(agency, 1)
    with django_assert_max_num_queries(12):
        client.get(URL, {"period": "2026-H1"})
    accesses(agency, 30)
    with django_assert_max_num_queries(12):
        assert len(client.get(URL, {"period": "2026-H1"}).context["report"].records) == 31
