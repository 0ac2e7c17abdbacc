"""Intake: book a new person or one already recorded, in one step, all or nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import CustodyCase, Person
from tests.factories import CustodyCaseFactory, PersonFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/cases/intake/"


def _local(delta: dt.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def _person_data(**overrides) -> dict:
    data = {
        "last_name": "Quintero",
        "first_name": "Ana",
        "middle_name": "",
        "aliases": "",
        "date_of_birth": "1990-05-17",
        "sex": "F",
        "citizenship": "Mexico",
        "state_id": "",
        "fbi_number": "",
        "a_number": "A012345678",
    }
    return {**data, **overrides}


def _booking_data(**overrides) -> dict:
    data = {
        "booking_number": "HPD-100",
        "booked_at": _local(-dt.timedelta(hours=2)),
        "facility": "Central lock-up",
        "arresting_officer": "Ofc. Rivera",
        "releasable_at": "",
        "releasable_reason": "",
        "releasable_note": "",
    }
    return {**data, **overrides}


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


def _counts():
    return Person.objects.count(), CustodyCase.objects.count()


def test_it_shows_the_intake_screen(desk):
    page = desk.get(URL).content.decode()
    assert "Is the person already recorded?" in page
    assert 'name="booking_number"' in page
    assert 'name="last_name"' in page


def test_it_books_a_new_person(desk, agency, desk_officer):
    response = desk.post(URL, {**_person_data(a_number="012-345-678"), **_booking_data()})
    case = CustodyCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.agency == agency
    assert case.person.a_number == "A012345678"  # normalised
    assert case.person.created_by == desk_officer
    assert case.created_by == desk_officer
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"person.create", "case.book"} <= actions


def test_it_finds_people_already_recorded(desk, agency, other_agency):
    mine = PersonFactory(agency=agency, last_name="Quintero", first_name="Ana")
    PersonFactory(agency=other_agency, last_name="Quintero", first_name="Outsider")
    page = desk.get(URL, {"q": "quintero"}).content.decode()
    assert f"?person={mine.pk}" in page
    assert "Book this person" in page
    assert "Outsider" not in page


@pytest.mark.parametrize("query", ["A012345678", "12345678", "1990-05-17", "05/17/1990"])
def test_it_finds_people_by_a_number_and_birth_date(desk, agency, query):
    person = PersonFactory(agency=agency, a_number="A012345678", date_of_birth=dt.date(1990, 5, 17))
    assert f"?person={person.pk}" in desk.get(URL, {"q": query}).content.decode()


def test_it_says_when_nobody_matches(desk, agency):
    assert "Nobody in your agency matches" in desk.get(URL, {"q": "Nobody"}).content.decode()


def test_it_books_an_existing_person(desk, agency):
    person = PersonFactory(agency=agency)
    CustodyCaseFactory(person=person, status="released", closed_at=timezone.now(), closure_reason="bond")
    page = desk.get(URL, {"person": person.pk}).content.decode()
    assert f"Booking {person.full_name}" in page
    assert 'name="last_name"' not in page
    response = desk.post(f"{URL}?person={person.pk}", _booking_data())
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert person.cases.count() == 2


def test_it_will_not_book_another_agencys_person(desk, other_agency):
    person = PersonFactory(agency=other_agency)
    assert desk.get(URL, {"person": person.pk}).status_code == 404
    assert desk.post(f"{URL}?person={person.pk}", _booking_data()).status_code == 404
    assert desk.get(URL, {"person": "abc"}).status_code == 404
    assert CustodyCase.objects.count() == 0


@pytest.mark.parametrize(
    ("person", "booking", "message"),
    [
        ({"date_of_birth": "2999-01-01"}, {}, "Date of birth cannot be in the future."),
        ({"a_number": "B1234"}, {}, "An A-number is the letter A and 8 or 9 digits, e.g. A012345678."),
        ({"a_number": "A1234567890123"}, {}, "An A-number is the letter A and 8 or 9 digits"),
        ({}, {"booked_at": _local(dt.timedelta(days=1))}, "Booking time cannot be in the future."),
        (
            {},
            {"releasable_at": _local(-dt.timedelta(hours=5)), "releasable_reason": "bond_posted"},
            "Release time must be after booking time.",
        ),
        ({"date_of_birth": "31/31/1990"}, {}, "Enter a date"),
        ({}, {"booked_at": "yesterday"}, "Enter a date and time"),
        ({}, {"booked_at": "2025-03-09T02:30"}, "2025-03-09 02:30 does not exist in New York"),
        ({}, {"booked_at": "2024-11-03T01:30"}, "2024-11-03 01:30 occurs twice in New York"),
        ({"last_name": "x" * 500}, {}, "at most 100 characters"),
        ({"last_name": ""}, {"facility": ""}, "This field is required."),
    ],
)
def test_it_refuses_bad_entries_in_plain_words_and_creates_nothing(desk, person, booking, message):
    response = desk.post(URL, {**_person_data(**person), **_booking_data(**booking)})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Constraint" not in page
    assert _counts() == (0, 0)


def test_it_refuses_a_booking_number_already_used(desk, agency):
    CustodyCaseFactory(person=PersonFactory(agency=agency), booking_number="HPD-100")
    before = _counts()
    response = desk.post(URL, {**_person_data(), **_booking_data(booking_number="HPD-100")})
    assert response.status_code == 200
    assert "This booking number is already used in your agency." in response.content.decode()
    assert _counts() == before  # the new person was not kept either


def test_another_agency_may_reuse_a_booking_number(desk, agency, other_agency):
    CustodyCaseFactory(person=PersonFactory(agency=other_agency), booking_number="HPD-100")
    assert desk.post(URL, {**_person_data(), **_booking_data()}).status_code == 302


def test_it_points_to_the_person_with_the_same_a_number(desk, agency):
    existing = PersonFactory(agency=agency, a_number="A012345678", last_name="Already")
    response = desk.post(URL, {**_person_data(a_number="12345678"), **_booking_data()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "already has this A-number" in page
    assert f"{URL}?person={existing.pk}" in page
    assert _counts() == (1, 0)


def test_the_same_a_number_in_another_agency_is_a_different_person(desk, other_agency):
    PersonFactory(agency=other_agency, a_number="A012345678")
    assert desk.post(URL, {**_person_data(), **_booking_data()}).status_code == 302


def test_it_requires_a_reason_with_a_release_time(desk):
    response = desk.post(
        URL, {**_person_data(), **_booking_data(releasable_at=_local(dt.timedelta(hours=1)))}
    )
    assert "Say why the person would be released then." in response.content.decode()
    assert _counts() == (0, 0)


def test_the_service_refuses_a_person_of_another_agency(agency, other_agency, desk_officer):
    from django.core.exceptions import ValidationError

    from cases.custody.services import intake_book

    person = PersonFactory(agency=other_agency)
    data = {"booking_number": "X1", "booked_at": timezone.now(), "facility": "Lock-up"}
    with pytest.raises(ValidationError):
        intake_book(agency=agency, person=person, case_data=data, acting_user=desk_officer)
    assert CustodyCase.objects.count() == 0


@pytest.mark.parametrize("persona", ["trainer", "auditor", "agency_admin"])
def test_only_desk_officers_and_supervisors_may_book(client, sign_in, request, persona):
    sign_in(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {**_person_data(), **_booking_data()}).status_code == 403
    assert _counts() == (0, 0)


def test_supervisors_may_book(client, sign_in, supervisor):
    sign_in(supervisor)
    assert client.post(URL, {**_person_data(), **_booking_data()}).status_code == 302
