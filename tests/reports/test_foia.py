"""Public-records (FOIA) exports of ICE access ((e)(2)): the (e)(2) fields for any date range,
the agency's redactions recorded, audited and shown, CSV download, agency scoping."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import AccessMethod, AccessType
from reports.models import FoiaExport
from reports.services import foia_export_create
from tests.factories import IceAccessFactory, PersonFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
URL = "/reports/foia/"


@pytest.fixture
def accesses(agency):
    person = PersonFactory(agency=agency, last_name="Vasquez", a_number="A098765432", race="asian")
    return [
        IceAccessFactory(
            detainer__case__person=person,
            at=dt.datetime(2025, 11, 3, 9, tzinfo=NY),
            access_type=AccessType.RESPOND,
            staff_minutes=15,
            method=AccessMethod.EMAIL,
            ice_contact_name="ERO Hartford",
            communication="Answered the detainer:   the agency will not hold.\nSent by e-mail.",
        ),
        IceAccessFactory(
            detainer__case__person=person,
            at=dt.datetime(2026, 1, 10, 22, tzinfo=NY),
            access_type=AccessType.INTERVIEW,
            staff_minutes=None,
            communication="x" * 800,
        ),
    ]


def download(client, export):
    response = client.get(f"{URL}{export.pk}.csv")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode().splitlines()


def test_an_export_holds_the_e2_fields_for_the_range(client, sign_in, supervisor, accesses):
    sign_in(supervisor)
    response = client.post(
        URL, {"first_day": "2025-11-01", "last_day": "2026-01-10", "request_reference": "FOI-7"}
    )
    export = FoiaExport.objects.get()
    assert response.url == f"{URL}{export.pk}/"
    lines = download(client, export)
    assert lines[0] == (
        "access_date,access_type,basis,sex,age_at_access,race,ethnicity,citizenship,staff_minutes,"
        "communication_method,ice_contact,communication"
    )
    assert lines[1] == (
        "2025-11-03,A,detainer,M,35,asian,not_recorded,Mexico,15,E-mail,ERO Hartford,"
        "Answered the detainer: the agency will not hold. Sent by e-mail."
    )
    second = lines[2].split(",")
    assert second[:2] == ["2026-01-10", "D"]
    assert second[8] == ""  # staff minutes not recorded
    assert len(second[-1]) == 500 and second[-1].endswith("…")
    text = "\n".join(lines)
    assert "Vasquez" not in text and "A098765432" not in text and "1990" not in text
    assert AuditEvent.objects.filter(action="report.foia_download").count() == 1


def test_redactions_are_recorded_shown_and_audited(client, sign_in, supervisor, accesses):
    sign_in(supervisor)
    client.post(
        URL,
        {
            "first_day": "2025-01-01",
            "last_day": "2026-12-31",
            "redact_communication": "law enforcement records (C.G.S. § 1-210(b)(3))",
            "redact_ice_contact": "personal privacy (C.G.S. § 1-210(b)(2))",
        },
    )
    export = FoiaExport.objects.get()
    assert export.redactions == {
        "ice_contact": "personal privacy (C.G.S. § 1-210(b)(2))",
        "communication": "law enforcement records (C.G.S. § 1-210(b)(3))",
    }
    event = AuditEvent.objects.get(action="report.foia_export")
    assert event.details["redactions"] == export.redactions and event.details["rows"] == 2
    page = client.get(f"{URL}{export.pk}/").content.decode()
    assert "<code>communication</code>: law enforcement records" in page
    lines = download(client, export)
    assert "communication (redacted: law enforcement records (C.G.S. § 1-210(b)(3)))" in lines[0]
    assert lines[1].endswith("[redacted],[redacted]")
    assert "ERO Hartford" not in "\n".join(lines)
    listing = client.get(URL).content.decode()
    assert "<code>ice_contact</code>, <code>communication</code>" in listing


def test_the_service_refuses_bad_ranges_roles_and_columns(supervisor, desk_officer):
    day = dt.date(2026, 1, 1)
    with pytest.raises(PermissionDenied):
        foia_export_create(first_day=day, last_day=day, redactions={}, acting_user=desk_officer)
    with pytest.raises(ValidationError, match="before the first day"):
        foia_export_create(
            first_day=day, last_day=day - dt.timedelta(days=1), redactions={}, acting_user=supervisor
        )
    with pytest.raises(ValidationError, match="cannot be redacted: access_date"):
        foia_export_create(
            first_day=day, last_day=day, redactions={"access_date": "x"}, acting_user=supervisor
        )
    with pytest.raises(ValidationError, match="reason for every redacted column"):
        foia_export_create(first_day=day, last_day=day, redactions={"race": " "}, acting_user=supervisor)
    assert not FoiaExport.objects.exists()


def test_another_agencys_export_is_a_404_and_its_accesses_are_not_included(
    client, sign_in, supervisor, other_agency, accesses
):
    from tests.factories import UserFactory

    IceAccessFactory(detainer__case__person__agency=other_agency, at=dt.datetime(2025, 11, 4, 9, tzinfo=NY))
    theirs = foia_export_create(
        first_day=dt.date(2025, 1, 1),
        last_day=dt.date(2026, 12, 31),
        redactions={},
        acting_user=UserFactory(agency=other_agency, roles=["Supervisor"]),
    )
    assert theirs.rows == 1
    sign_in(supervisor)
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.get(f"{URL}{theirs.pk}.csv").status_code == 404
    client.post(URL, {"first_day": "2025-01-01", "last_day": "2026-12-31"})
    mine = FoiaExport.objects.get(agency=supervisor.agency)
    assert mine.rows == 2 and len(download(client, mine)) == 3


def test_the_pages_take_a_fixed_number_of_queries(
    client, sign_in, supervisor, agency, django_assert_max_num_queries
):
    sign_in(supervisor)
    for i in range(25):
        IceAccessFactory(detainer__case__person__agency=agency, at=dt.datetime(2025, 3, 1 + i, 9, tzinfo=NY))
        foia_export_create(
            first_day=dt.date(2025, 1, 1),
            last_day=dt.date(2025, 12, 31),
            redactions={},
            acting_user=supervisor,
        )
    export = FoiaExport.objects.first()
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"{URL}{export.pk}/").context["total"] == 25
