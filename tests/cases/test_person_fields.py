"""The person's demographic fields and the confidential ones ((a)(3)): on the intake and the
person form, the confidential ones in their own marked fieldset, and masked in the audit trail."""

import pytest

from cases.models import Person
from tests.cases.test_intake import URL as INTAKE_URL
from tests.cases.test_intake import _booking_data, _person_data
from tests.factories import PersonFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


def edit_data(person, **change):
    data = {
        "last_name": person.last_name, "first_name": person.first_name, "middle_name": "", "aliases": "",
        "date_of_birth": "1990-05-17", "sex": "M", "citizenship": "Mexico", "state_id": "", "fbi_number": "",
        "a_number": person.a_number, "race": "", "ethnicity": "", "preferred_language": "en",
    }  # fmt: skip
    return {**data, **change}


def test_the_intake_asks_for_demographics_and_marks_the_confidential_fieldset(desk):
    page = desk.get(INTAKE_URL).content.decode()
    for name in ("race", "ethnicity", "preferred_language", "ssn", "dv_sa_victim", "public_assistance"):
        assert f'name="{name}"' in page
    assert "Confidential (C.G.S. § 54-192h(a)(3)) – never given to ICE" in page
    assert 'data-testid="confidential-fieldset"' in page


def test_the_intake_records_the_language_race_ethnicity_and_confidential_fields(desk):
    data = {
        **_person_data(race="black", ethnicity="hispanic", preferred_language="es", ssn="123456789"),
        "crime_witness": "on",
        **_booking_data(),
    }
    assert desk.post(INTAKE_URL, data).status_code == 302
    person = Person.objects.get()
    assert (person.race, person.ethnicity, person.preferred_language) == ("black", "hispanic", "es")
    assert (person.ssn, person.crime_witness) == ("123-45-6789", True)


def test_a_person_booked_without_a_language_gets_english_and_race_not_recorded(desk):
    assert desk.post(INTAKE_URL, {**_person_data(), **_booking_data()}).status_code == 302
    person = Person.objects.get()
    assert (person.preferred_language, person.race, person.get_race_display()) == ("en", "", "Not recorded")


def test_a_badly_formed_ssn_is_refused_with_a_message_and_nothing_changes(desk, agency):
    person = PersonFactory(agency=agency)
    response = desk.post(f"/cases/people/{person.pk}/edit/", edit_data(person, ssn="12-34"))
    assert response.status_code == 200
    assert "A Social Security number has 9 digits" in response.content.decode()
    person.refresh_from_db()
    assert person.ssn == ""


def test_the_audit_trail_records_that_a_confidential_field_changed_never_its_value(desk, agency):
    person = PersonFactory(agency=agency)
    data = edit_data(person, ssn="987-65-4321", confidential_notes="MARKER-NOTES", public_assistance="on",
                     preferred_language="es")  # fmt: skip
    assert desk.post(f"/cases/people/{person.pk}/edit/", data).status_code == 302
    changes = AuditEvent.objects.get(action="person.update").details["changes"]
    assert (
        changes["ssn"]
        == changes["confidential_notes"]
        == changes["public_assistance"]
        == [
            "(confidential)",
            "changed",
        ]
    )
    assert changes["preferred_language"] == ["en", "es"]  # not confidential: before and after
    history = desk.get(f"/cases/people/{person.pk}/history/").content.decode()
    assert "987-65-4321" not in history and "MARKER-NOTES" not in history


def test_only_roles_that_edit_people_see_the_confidential_values(
    client, sign_in, agency, auditor, desk_officer
):
    person = PersonFactory(agency=agency, ssn="987-65-4321")
    sign_in(auditor)
    assert "987-65-4321" not in client.get(f"/cases/people/{person.pk}/").content.decode()
    sign_in(desk_officer)
    assert "987-65-4321" in client.get(f"/cases/people/{person.pk}/").content.decode()
