"""Duplicate people: intake finds likely matches and makes the officer choose (audited); agency
admins merge a duplicate that slipped through; implausible entries get a clear warning."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.custody.merge import person_merge
from cases.custody.services import intake_book
from cases.models import Conviction, CustodyCase, Person
from tests.factories import CustodyCaseFactory, PersonFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/cases/intake/"


def _local(delta: dt.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def _intake(**overrides) -> dict:
    data = {
        "last_name": "Lopez", "first_name": "Maria", "middle_name": "", "aliases": "",
        "date_of_birth": "1988-02-14", "sex": "F", "citizenship": "", "state_id": "", "fbi_number": "",
        "a_number": "", "booking_number": "HPD-200", "booked_at": _local(-dt.timedelta(hours=1)),
        "facility": "Central lock-up", "arresting_officer": "", "releasable_at": "", "releasable_reason": "",
        "releasable_note": "",
    }  # fmt: skip
    return {**data, **overrides}


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


@pytest.fixture
def maria(agency):
    """Booked last week, still in custody, with a conviction on file."""
    person = PersonFactory(
        agency=agency, last_name="López", first_name="María", date_of_birth=dt.date(1988, 2, 14), a_number=""
    )
    CustodyCaseFactory(person=person, booking_number="HPD-100")
    Conviction.objects.create(person=person, statute="53a-60", convicted_on=dt.date(2015, 3, 1))
    return person


def test_a_second_intake_of_the_same_person_stops_and_shows_the_first(desk, maria):
    response = desk.post(URL, _intake())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="intake-likely-matches"' in page
    assert f'name="same_person" value="{maria.pk}"' in page
    assert Person.objects.count() == 1 and CustodyCase.objects.count() == 1


def test_choosing_the_person_already_recorded_books_them_and_is_audited(desk, maria, desk_officer):
    response = desk.post(URL, _intake(same_person=str(maria.pk), shown=[str(maria.pk)]))
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert CustodyCase.objects.filter(person=maria, booking_number="HPD-200").exists()
    event = AuditEvent.objects.get(action="person.match_same")
    assert event.details == {"candidates": [maria.pk], "chosen": maria.pk}
    assert event.actor_username == desk_officer.username


def test_declaring_a_different_person_records_them_and_is_audited(desk, maria):
    response = desk.post(URL, _intake(same_person="different", shown=[str(maria.pk)]))
    assert response.status_code == 302
    new = Person.objects.exclude(pk=maria.pk).get()
    event = AuditEvent.objects.get(action="person.match_different")
    assert event.object_id == str(new.pk) and event.details == {"candidates": [maria.pk]}


def test_a_match_the_officer_was_not_shown_asks_again(desk, maria, agency):
    other = PersonFactory(
        agency=agency, last_name="Lopes", first_name="Mara", date_of_birth=dt.date(1988, 2, 14)
    )
    page = desk.post(URL, _intake(same_person="different", shown=[str(maria.pk)])).content.decode()
    assert f'value="{other.pk}"' in page and "choose again" in page
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    "overrides",
    [
        {"state_id": "ct 123456", "last_name": "Smith", "date_of_birth": "1970-01-01"},
        {"fbi_number": "FBI77", "last_name": "Smith", "date_of_birth": "1970-01-01"},
        {"first_name": "Lopez", "last_name": "Maria"},  # first and last name swapped
    ],
)
def test_an_equal_identifier_or_a_swapped_name_is_a_likely_match(desk, agency, overrides):
    known = PersonFactory(
        agency=agency, last_name="Lopez", first_name="Maria", date_of_birth=dt.date(1988, 2, 14),
        state_id="CT123456", fbi_number="fbi77",
    )  # fmt: skip
    page = desk.post(URL, _intake(**overrides)).content.decode()
    assert f'name="same_person" value="{known.pk}"' in page


def test_same_birth_date_with_an_unrelated_name_is_not_a_match(desk, maria):
    assert desk.post(URL, _intake(last_name="Kowalski", first_name="Anna")).status_code == 302


def test_another_agencys_person_is_never_a_match(desk, other_agency):
    PersonFactory(
        agency=other_agency, last_name="Lopez", first_name="Maria", date_of_birth=dt.date(1988, 2, 14)
    )
    assert desk.post(URL, _intake()).status_code == 302


def test_the_service_refuses_a_new_person_while_an_unseen_match_exists(agency, maria, desk_officer):
    with pytest.raises(ValidationError, match="already recorded"):
        intake_book(
            agency=agency,
            person_data={"last_name": "Lopez", "first_name": "Maria", "date_of_birth": dt.date(1988, 2, 14)},
            case_data={"booking_number": "X1", "booked_at": timezone.now(), "facility": "F"},
            acting_user=desk_officer,
        )
    assert Person.objects.count() == 1


# --- plausibility ---------------------------------------------------------------------------


def test_a_birth_date_over_110_years_ago_needs_a_confirmation(desk):
    page = desk.post(URL, _intake(date_of_birth="1900-01-01")).content.decode()
    assert "more than 110 years ago" in page
    assert Person.objects.count() == 0
    assert desk.post(URL, _intake(date_of_birth="1900-01-01", confirm_warnings="1")).status_code == 302


def test_a_booking_number_differing_only_in_case_or_spaces_needs_a_confirmation(desk, agency):
    CustodyCaseFactory(person__agency=agency, agency=agency, booking_number="HPD 300")
    page = desk.post(URL, _intake(booking_number="hpd300")).content.decode()
    assert "differs from HPD 300" in page and "only in capitals or spaces" in page
    assert CustodyCase.objects.count() == 1
    assert desk.post(URL, _intake(booking_number="hpd300", confirm_warnings="1")).status_code == 302


def test_a_conviction_entered_twice_needs_a_confirmation(desk, maria):
    case = maria.cases.get()
    data = {"statute": "53a-60", "subdivision": "", "convicted_on": "2015-03-01", "jurisdiction": "CT",
            "source": "criminal_history"}  # fmt: skip
    url = f"/cases/{case.pk}/convictions/add/"
    page = desk.post(url, data).content.decode()
    assert "already has this conviction" in page and 'name="confirm_duplicate"' in page
    assert maria.convictions.count() == 1
    assert desk.post(url, {**data, "confirm_duplicate": "1"}).status_code == 302
    assert maria.convictions.count() == 2


# --- merge ----------------------------------------------------------------------------------


@pytest.fixture
def duplicate(agency, maria):
    person = PersonFactory(
        agency=agency, last_name="Lopez", first_name="Maria", date_of_birth=dt.date(1988, 2, 14),
        a_number="A098765432", state_id="CT55",
    )  # fmt: skip
    CustodyCaseFactory(person=person, booking_number="HPD-101")
    Conviction.objects.create(person=person, statute="53a-101", convicted_on=dt.date(2019, 1, 1))
    return person


def test_a_merge_moves_bookings_and_convictions_and_deletes_the_duplicate(maria, duplicate, agency_admin):
    dup_pk = duplicate.pk
    kept = person_merge(keep=maria, duplicate=duplicate, reason="Same fingerprints", acting_user=agency_admin)
    assert not Person.objects.filter(pk=dup_pk).exists()
    assert sorted(kept.cases.values_list("booking_number", flat=True)) == ["HPD-100", "HPD-101"]
    assert sorted(kept.convictions.values_list("statute", flat=True)) == ["53a-101", "53a-60"]
    assert (kept.a_number, kept.state_id) == ("A098765432", "CT55")  # filled from the duplicate
    assert "Maria Lopez" in kept.alias_list
    merged = AuditEvent.objects.get(action="person.merge")
    assert merged.object_id == str(kept.pk) and merged.details["merged"] == dup_pk
    away = AuditEvent.objects.get(action="person.merged_away")
    assert away.object_id == str(dup_pk) and away.details["record"]["a_number"] == "A098765432"
    assert away.details["reason"] == "Same fingerprints"


def test_a_merge_refuses_two_different_a_numbers_and_changes_nothing(maria, duplicate, agency_admin):
    Person.objects.filter(pk=maria.pk).update(a_number="A011111111")
    maria.refresh_from_db()
    with pytest.raises(ValidationError, match="different A-numbers"):
        person_merge(keep=maria, duplicate=duplicate, reason="x", acting_user=agency_admin)
    assert Person.objects.filter(pk=duplicate.pk).exists() and duplicate.cases.count() == 1


def test_a_merge_refuses_another_agencys_person(maria, other_agency, agency_admin):
    outsider = PersonFactory(agency=other_agency)
    with pytest.raises(ValidationError, match="your agency"):
        person_merge(keep=maria, duplicate=outsider, reason="x", acting_user=agency_admin)


def test_only_agency_admins_merge(maria, duplicate, desk_officer, supervisor):
    for user in (desk_officer, supervisor):
        with pytest.raises(PermissionDenied):
            person_merge(keep=maria, duplicate=duplicate, reason="x", acting_user=user)


def test_the_merge_page_offers_likely_duplicates_and_merges(client, sign_in, agency_admin, maria, duplicate):
    sign_in(agency_admin)
    url = f"/cases/people/{maria.pk}/merge/"
    page = client.get(url).content.decode()
    assert f'value="{duplicate.pk}"' in page
    response = client.post(url, {"duplicate": duplicate.pk, "reason": "Same person, booked twice"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=duplicate.pk).exists()


def test_desk_officers_do_not_get_the_merge_page(desk, maria):
    assert desk.get(f"/cases/people/{maria.pk}/merge/").status_code == 403
