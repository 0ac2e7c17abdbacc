"""Migration 0019_person_search fills the search column of the people already recorded."""

import datetime as dt

import pytest

from cases.custody.selectors import person_search_q
from cases.models import Person
from tests.factories import AgencyFactory
from tests.migrating import migrate

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = ("cases", "0018_import_jobs_catalogue_proposals")
AFTER = ("cases", "0019_person_search")


def test_people_recorded_before_the_migration_are_found_without_accents():
    agency = AgencyFactory()
    try:
        old_apps = migrate(BEFORE)
        OldPerson = old_apps.get_model("cases", "Person")
        OldPerson.objects.create(
            agency_id=agency.pk,
            last_name="Ñúñez",
            first_name="José",
            aliases="Pépé",
            date_of_birth=dt.date(1980, 1, 1),
        )
        migrate(AFTER)
    finally:
        migrate()
    person = Person.objects.get(last_name="Ñúñez")
    assert person.search_text == "jose nunez\npepe"
    assert list(Person.objects.filter(person_search_q("jose nunez"))) == [person]
