"""Migration 0019_person_search fills the search column of the people already recorded."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases.custody.selectors import person_search_q
from cases.models import Person
from tests import restricted_db
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = ("cases", "0018_import_jobs_catalogue_proposals")
AFTER = ("cases", "0019_person_search")


def migrate(target):
    with restricted_db.as_owner():
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


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
        with restricted_db.as_owner():
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
    person = Person.objects.get(last_name="Ñúñez")
    assert person.search_text == "jose nunez\npepe"
    assert list(Person.objects.filter(person_search_q("jose nunez"))) == [person]
