"""Bulk CSV import: upload, preview every row with its problems, confirm; all rows or nothing."""

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.custody import services
from cases.models import Conviction, CustodyCase, Person
from tests.factories import CustodyCaseFactory, PersonFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
ROSTER_HEADER = (
    "booking_number,last_name,first_name,date_of_birth,sex,a_number,booked_at,facility,arresting_officer,"
    "releasable_at\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def smith(agency):
    """A person already in the agency's records."""
    return PersonFactory(
        agency=agency,
        last_name="Smith",
        first_name="Ana",
        date_of_birth=dt.date(1979, 1, 2),
        a_number="A098765432",
    )


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def data_file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def upload(client, content: bytes, kind="roster", name="file.csv"):
    return client.post(
        "/cases/import/", {"kind": kind, "file": SimpleUploadedFile(name, content, "text/csv")}
    )


def preview_url(client, content, kind="roster") -> str:
    response = upload(client, content, kind)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert re.fullmatch(r"/cases/import/[0-9a-f-]{36}/", response["Location"])
    return response["Location"]


def counts():
    return (
        Person.objects.count(),
        CustodyCase.objects.count(),
        Conviction.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_good_roster_is_previewed_then_imported_entirely(client, desk_officer, sign_in, smith, media):
    sign_in(desk_officer)
    url = preview_url(client, data_file("roster_good.csv"))
    preview = client.get(url)
    page = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="import-counts"' in page
    assert "<strong>4</strong> new bookings" in page and "<strong>2</strong> new people" in page
    assert "<strong>1</strong> person already in your records" in page
    assert "New person (same as row 2)" in page and "Matches Smith, Ana" in page
    assert "js/import.js" in page and 'data-testid="import-progress"' in page
    assert Person.objects.count() == 1  # the preview changes nothing

    response = client.post(url + "confirm/")
    assert response.status_code == 302 and response["Location"] == "/cases/import/"
    assert Person.objects.count() == 3 and CustodyCase.objects.count() == 4
    doe = Person.objects.get(last_name="Doe")
    assert doe.a_number == "A012345678" and doe.cases.count() == 2
    roe_case = CustodyCase.objects.get(booking_number="B9002")
    assert roe_case.person.sex == "F" and roe_case.releasable_at == dt.datetime(
        2025, 3, 2, 15, 0, tzinfo=dt.UTC
    )
    assert roe_case.booked_at == dt.datetime(2025, 3, 1, 14, 40, tzinfo=dt.UTC)  # local time (EST)
    assert CustodyCase.objects.get(booking_number="B9004").person == smith
    assert all(
        c.created_by == desk_officer and c.agency == desk_officer.agency for c in CustodyCase.objects.all()
    )
    assert AuditEvent.objects.filter(action="person.create").count() == 2
    assert AuditEvent.objects.filter(action="case.book").count() == 4
    event = AuditEvent.objects.get(action="import.roster")
    assert event.actor == desk_officer and event.agency == desk_officer.agency
    assert event.details == {
        "file": "file.csv",
        "rows": 4,
        "new_people": 2,
        "matched_people": 1,
        "new_cases": 4,
    }
    assert (
        "Imported 4 bookings: 2 new people, 1 already in your records."
        in client.get("/cases/import/").content.decode()
    )
    assert not list((media / "imports").rglob("*.csv"))  # the waiting file is gone
    assert client.post(url + "confirm/").status_code == 404  # and cannot be imported twice


def test_a_file_with_one_bad_row_imports_nothing(client, desk_officer, sign_in, smith):
    sign_in(desk_officer)
    url = preview_url(client, data_file("roster_bad.csv"))
    page = text_of(client.get(url))
    assert "row 4: date_of_birth '1990-13-01' is not a date (use YYYY-MM-DD)" in page
    assert 'data-testid="import-confirm"' not in page
    before = counts()
    response = client.post(url + "confirm/")
    assert response.status_code == 200
    assert "Nothing was imported." in response.content.decode()
    assert counts() == before


def test_a_failure_while_importing_rolls_everything_back(client, desk_officer, sign_in, smith, monkeypatch):
    real_case_book, calls = services.case_book, []

    def failing_case_book(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise ValidationError("The booking time is not plausible.")
        return real_case_book(**kwargs)

    sign_in(desk_officer)
    url = preview_url(client, data_file("roster_good.csv"))
    monkeypatch.setattr(services, "case_book", failing_case_book)
    before = counts()
    response = client.post(url + "confirm/")
    assert response.status_code == 200
    assert "row 4: The booking time is not plausible." in response.content.decode()
    assert counts() == before and len(calls) == 3


def test_records_saved_after_the_preview_are_checked_again_at_confirmation(
    client, desk_officer, sign_in, smith
):
    sign_in(desk_officer)
    url = preview_url(client, data_file("roster_good.csv"))
    CustodyCaseFactory(person=smith, booking_number="B9003")
    before = counts()
    response = client.post(url + "confirm/")
    assert "row 4: booking number B9003 is already in your agency" in response.content.decode()
    assert counts() == before


def roster_row(**change) -> str:
    values = {
        "booking_number": "B1", "last_name": "Doe", "first_name": "John", "date_of_birth": "1990-05-17",
        "sex": "M", "a_number": "", "booked_at": "2025-03-01 08:15", "facility": "Lock-up",
        "arresting_officer": "", "releasable_at": "", **change,
    }  # fmt: skip
    return ",".join(values.values()) + "\n"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (roster_row() + roster_row(last_name="Roe"), "row 3: booking number B1 is also in row 2"),
        (roster_row(sex="Q"), "row 2: sex 'Q' is not one of M, F, X, U"),
        (roster_row(a_number="12"), "row 2: a_number '12' is not an A-number"),
        (roster_row(date_of_birth="1890-01-01"), "row 2: date_of_birth '1890-01-01' is before 1900"),
        (
            roster_row(booked_at="01/03/2025 08:15"),
            "row 2: booked_at '01/03/2025 08:15' is not a date and time (use YYYY-MM-DD HH:MM)",
        ),
        (roster_row(booked_at="2099-03-01 08:15"), "row 2: booked_at '2099-03-01 08:15' is in the future"),
        (roster_row(first_name=""), "row 2: first_name is empty"),
        (
            roster_row(booked_at="2025-03-09 02:30"),
            "row 2: booked_at '2025-03-09 02:30' does not exist in New York: that night the clocks go "
            "forward an hour (from 02:00 EST straight to 03:00 EDT)",
        ),
        (
            roster_row(releasable_at="2025-11-02 01:30"),
            "row 2: releasable_at '2025-11-02 01:30' occurs twice in New York: that night the clocks go back "
            "an hour (01:00 to 02:00 EDT, then again EST), so it is not clear which is meant: write it with "
            "its offset, 2025-11-02T01:30-04:00 for the first or 2025-11-02T01:30-05:00 for the second",
        ),
        (roster_row(releasable_at="2025-02-01 08:00"), "row 2: releasable_at is before booked_at"),
        ("B1,Doe,John,1990-05-17,M\n", "row 2: has 5 values but the header has 10 columns"),
        (
            roster_row(a_number="A012345678")
            + roster_row(booking_number="B2", last_name="Roe", a_number="A012345678"),
            "row 3: A-number A012345678 is also in row 2 for a different person",
        ),
    ],
)
def test_row_problems_are_reported_in_plain_words(client, desk_officer, sign_in, rows, message):
    sign_in(desk_officer)
    page = text_of(client.get(preview_url(client, (ROSTER_HEADER + rows).encode())))
    assert message in page
    assert 'data-testid="import-confirm"' not in page


def test_a_time_at_the_fall_change_with_its_offset_is_imported(client, desk_officer, sign_in):
    sign_in(desk_officer)
    url = preview_url(client, (ROSTER_HEADER + roster_row(releasable_at="2025-11-02T01:30-05:00")).encode())
    assert client.post(url + "confirm/").status_code == 302
    assert CustodyCase.objects.get().releasable_at == dt.datetime(2025, 11, 2, 6, 30, tzinfo=dt.UTC)


def test_a_booking_number_of_the_agency_is_refused_but_another_agencys_is_not(
    client, desk_officer, sign_in, agency, other_agency
):
    CustodyCaseFactory(person__agency=agency, booking_number="B9002")
    CustodyCaseFactory(person__agency=other_agency, booking_number="B9001")
    sign_in(desk_officer)
    page = client.get(preview_url(client, data_file("roster_good.csv"))).content.decode()
    assert "row 3: booking number B9002 is already in your agency" in page
    assert "B9001 is already" not in page


def test_an_a_number_that_belongs_to_someone_else_is_refused(client, desk_officer, sign_in, smith):
    rows = roster_row(last_name="Jones", first_name="Ana", date_of_birth="1979-01-02", a_number="A098765432")
    sign_in(desk_officer)
    page = text_of(client.get(preview_url(client, (ROSTER_HEADER + rows).encode())))
    assert "row 2: A-number A098765432 belongs to Smith, Ana (1979-01-02) in your records" in page


def test_people_of_another_agency_are_never_matched(client, desk_officer, sign_in, other_agency):
    PersonFactory(agency=other_agency, last_name="Doe", first_name="John", a_number="A012345678")
    sign_in(desk_officer)
    client.post(preview_url(client, data_file("roster_good.csv")) + "confirm/")
    assert Person.objects.filter(agency=desk_officer.agency).count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            ROSTER_HEADER.replace("\n", ",shoe_size\n") + roster_row().replace("\n", ",9\n"),
            "Unknown column 'shoe_size'. The columns of a custody roster are:",
        ),
        (
            ROSTER_HEADER.replace("booked_at,", "") + "B1,D,J,1990-01-01,M,,L,,\n",
            "Missing column 'booked_at': a custody roster file needs it.",
        ),
        (ROSTER_HEADER.replace("\n", ",\n") + roster_row().replace("\n", ",\n"), "A column has no name"),
        (ROSTER_HEADER, "The file has a header row but no data rows."),
        (
            ROSTER_HEADER + "".join(roster_row(booking_number=f"B{n}") for n in range(5001)),
            "The file has more than 5,000 rows. Import at most 5,000 rows at a time: split the file.",
        ),
    ],
)
def test_column_problems_are_reported(client, desk_officer, sign_in, content, message):
    sign_in(desk_officer)
    page = text_of(client.get(preview_url(client, content.encode())))
    assert message in page and 'data-testid="import-confirm"' not in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV text file."),
        ("booking_number,last_name\nB1,Müller\n".encode("latin-1"), "The file is not a UTF-8 CSV text file."),
        (b"", "The file is empty."),
        (b"a," * (3 * 1024 * 1024), "The file is larger than 3 MB."),
    ],
)
def test_files_that_are_not_utf8_csv_get_a_message(client, desk_officer, sign_in, content, message):
    sign_in(desk_officer)
    response = upload(client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "pending_imports" not in client.session


def test_a_file_with_a_byte_order_mark_is_read(client, desk_officer, sign_in):
    sign_in(desk_officer)
    url = preview_url(client, b"\xef\xbb\xbf" + data_file("roster_good.csv"))
    assert "<strong>4</strong> new bookings" in client.get(url).content.decode()


def test_a_criminal_history_is_imported(client, desk_officer, sign_in, agency, smith):
    CustodyCaseFactory(person__agency=agency, person__last_name="Doe", booking_number="B7001")
    sign_in(desk_officer)
    url = preview_url(client, data_file("history_good.csv"), kind="history")
    page = client.get(url).content.decode()
    assert "<strong>3</strong> new convictions for" in page and "<strong>2</strong> people" in page
    assert client.post(url + "confirm/").status_code == 302
    assert Conviction.objects.filter(person=smith).count() == 2
    sexual_assault = Conviction.objects.get(statute="53a-70")
    assert (sexual_assault.subdivision, sexual_assault.victim_age, sexual_assault.person.last_name) == (
        "a1",
        15,
        "Doe",
    )
    narcotics = Conviction.objects.get(statute="21a-277")
    assert (narcotics.jurisdiction, narcotics.juvenile, narcotics.source) == (
        "other_state",
        False,
        "criminal_history",
    )
    assert Conviction.objects.get(statute="53a-55").source == "court_record"
    assert AuditEvent.objects.filter(action="conviction.add").count() == 3
    event = AuditEvent.objects.get(action="import.history")
    assert event.details == {"file": "file.csv", "rows": 3, "matched_people": 2, "new_convictions": 3}


HISTORY_HEADER = (
    "a_number,booking_number,statute,subdivision,description,victim_age,convicted_on,jurisdiction,juvenile,"
    "source\n"
)


def history_row(**change) -> str:
    values = {
        "a_number": "A098765432", "booking_number": "", "statute": "53a-55", "subdivision": "",
        "description": "", "victim_age": "", "convicted_on": "", "jurisdiction": "", "juvenile": "",
        "source": "", **change,
    }  # fmt: skip
    return ",".join(values.values()) + "\n"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (history_row(a_number="A011111111"), "row 2: no person in your agency has A-number A011111111"),
        (history_row(a_number="", booking_number="B404"), "row 2: booking number B404 is not in your agency"),
        (history_row(a_number=""), "row 2: give the person's a_number or booking_number"),
        (history_row(statute="53a 55"), "row 2: statute '53a 55' is not a Connecticut statute like 53a-55"),
        (history_row(subdivision="a-1"), "row 2: subdivision 'a-1' is not a subdivision like a1"),
        (history_row(victim_age="200"), "row 2: victim_age '200' is not an age in years"),
        (history_row(victim_age="²"), "row 2: victim_age '²' is not an age in years"),
        (history_row(convicted_on="2015-02-30"), "row 2: convicted_on '2015-02-30' is not a date"),
        (history_row(jurisdiction="mars"), "row 2: jurisdiction 'mars' is not one of CT, other_state"),
        (history_row(juvenile="maybe"), "row 2: juvenile 'maybe' is not yes or no"),
        (history_row(source="gossip"), "row 2: source 'gossip' is not one of court_record"),
        (
            history_row(convicted_on="2015-03-04") * 2,
            "row 3: the same conviction is also in row 2",
        ),
    ],
)
def test_history_row_problems_are_reported(client, desk_officer, sign_in, smith, rows, message):
    sign_in(desk_officer)
    url = preview_url(client, (HISTORY_HEADER + rows).encode(), kind="history")
    assert message in text_of(client.get(url))
    before = counts()
    assert client.post(url + "confirm/").status_code == 200
    assert counts() == before


def test_a_conviction_already_recorded_is_refused(client, desk_officer, sign_in, smith):
    services.conviction_add(person=smith, data={"statute": "53a-55", "convicted_on": dt.date(2015, 3, 4)},
                            acting_user=desk_officer)  # fmt: skip
    sign_in(desk_officer)
    page = text_of(client.get(preview_url(client, data_file("history_good.csv"), kind="history")))
    assert "row 2: this conviction (§ 53a-55, 2015-03-04) is already recorded for Smith, Ana" in page


def test_a_history_needs_a_column_to_find_the_person(client, desk_officer, sign_in):
    sign_in(desk_officer)
    url = preview_url(client, b"statute,description\n53a-55,x\n", kind="history")
    assert "a criminal history needs a_number or booking_number" in text_of(client.get(url))


def test_the_upload_form_needs_a_kind_and_a_file(client, desk_officer, sign_in):
    sign_in(desk_officer)
    page = client.post("/cases/import/", {}).content.decode()
    assert "Choose what the file holds." in page and "Choose the CSV file to upload." in page


def test_an_upload_belongs_to_its_own_session(client, desk_officer, supervisor, sign_in, smith):
    from django.test import Client

    sign_in(desk_officer)
    url = preview_url(client, data_file("roster_good.csv"))
    other = sign_in(supervisor, Client())
    assert other.get(url).status_code == 404
    assert other.post(url + "confirm/").status_code == 404
    assert client.get("/cases/import/00000000-0000-0000-0000-000000000001/").status_code == 404
    assert Person.objects.count() == 1


def test_another_agencys_officer_cannot_reach_an_upload(client, desk_officer, other_officer, sign_in, smith):
    sign_in(desk_officer)
    url = preview_url(client, data_file("roster_good.csv"))
    sign_in(other_officer)  # same browser session key, another user: the session is flushed at sign-in
    assert client.get(url).status_code == 404
    assert client.post(url + "confirm/").status_code == 404
    assert Person.objects.count() == 1


@pytest.mark.parametrize("persona", ["trainer", "auditor", "agency_admin"])
def test_only_officers_who_edit_cases_may_import(client, sign_in, request, persona, desk_officer):
    sign_in(desk_officer)
    url = preview_url(client, data_file("roster_good.csv"))
    sign_in(request.getfixturevalue(persona))
    assert client.get("/cases/import/").status_code == 403
    assert upload(client, data_file("roster_good.csv")).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url + "confirm/").status_code == 403
    assert Person.objects.count() == 0


def test_confirm_refuses_get(client, desk_officer, sign_in):
    sign_in(desk_officer)
    url = preview_url(client, data_file("roster_good.csv"))
    assert client.get(url + "confirm/").status_code == 405
    assert Person.objects.count() == 0
