"""Search forgives accents, case and (on PostgreSQL) near spellings, in the custody list and in
intake's search for people already recorded; on PostgreSQL an index serves it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.custody.selectors import case_search, people_searched, person_search_q
from cases.models import CustodyCase, Person, normalise_search
from tests.factories import CustodyCaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm exists on PostgreSQL only"
)


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


def _book(agency, last, first, **kwargs):
    person = PersonFactory(agency=agency, last_name=last, first_name=first, aliases=kwargs.pop("aliases", ""))
    return CustodyCaseFactory(person=person, **kwargs)


def _custody(desk, q):
    return desk.get("/cases/", {"q": q}).content.decode()


def _intake(desk, q):
    return desk.get("/cases/intake/", {"q": q}).content.decode()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("José", "jose"),
        ("ÑÚÑEZ", "nunez"),
        ("O'Brien-Søren, Łukasz", "obrien soren lukasz"),
        ("Strauß", "strauss"),
        ("  ", ""),
    ],
)
def test_the_search_form_of_a_name_has_no_accents_case_or_punctuation(text, expected):
    assert normalise_search(text) == expected


@pytest.mark.parametrize("query", ["Jose", "jose nunez", "NUNEZ", "Ñúñez", "núñez, josé", "Pepe"])
def test_the_custody_list_finds_accented_names_without_accents_and_back(desk, agency, query):
    _book(agency, "Ñúñez", "José", aliases="Pepé")
    _book(agency, "Other", "Person")
    page = _custody(desk, query)
    assert "Ñúñez, José" in page
    assert "Other, Person" not in page


def test_intake_finds_the_person_already_recorded_without_the_accents(desk, agency):
    person = PersonFactory(agency=agency, last_name="Ñúñez", first_name="José")
    page = _intake(desk, "jose nunez")
    assert f"?person={person.pk}" in page


def test_the_search_column_follows_a_change_of_name_and_aliases(agency, desk_officer):
    from cases.custody.services import person_update

    person = PersonFactory(agency=agency, last_name="Lopez", first_name="Maria")
    person_update(
        person=person, data={"last_name": "Lópes", "aliases": "Mari Ríos"}, acting_user=desk_officer
    )
    person.refresh_from_db()
    assert person.search_text == "maria lopes\nmari rios"
    assert person.search_key == "lopes maria"  # surname first: the prefix the search matches
    assert list(Person.objects.filter(person_search_q("rios"))) == [person]
    assert not Person.objects.filter(person_search_q("Lopez Maria"), last_name="Lopez").exists()


def test_the_booking_number_is_found_whatever_its_case_and_spaces(desk, agency):
    _book(agency, "Quintero", "Ana", booking_number="HPD 2026-0042")
    _book(agency, "Other", "Person")
    page = _custody(desk, "hpd2026-0042")
    assert "Quintero, Ana" in page and "Other, Person" not in page


def test_another_agencys_people_stay_out_of_the_results(desk, agency, other_agency):
    _book(other_agency, "Ñúñez", "Outsider")
    assert "Outsider" not in _custody(desk, "nunez")
    assert "Outsider" not in _intake(desk, "nunez")


@on_postgresql
@pytest.mark.parametrize("query", ["Nunes", "Gonzales Maria", "Mohamad"])
def test_on_postgresql_near_spellings_are_found(desk, agency, query):
    _book(agency, "Núñez", "José")
    _book(agency, "González", "María")
    _book(agency, "Mohammad", "Ali")
    _book(agency, "Other", "Person")
    page = _custody(desk, query)
    assert "Other, Person" not in page
    expected = {"Nunes": "Núñez, José", "Gonzales Maria": "González, María", "Mohamad": "Mohammad, Ali"}
    assert expected[query] in page
    assert expected[query] in _intake(desk, query)


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL enable_seqscan = off"
        )  # a few test rows: make the planner show its index choice
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@on_postgresql
def test_on_postgresql_the_trigram_index_serves_the_name_search(agency):
    PersonFactory.create_batch(
        5, agency=agency
    )  # (at scale one agency holds most rows: no agency filter here)
    plan = _plan(Person.objects.filter(person_search_q("nunez jose")))
    assert "person_search_trgm" in plan, plan


@on_postgresql
def test_on_postgresql_the_custody_search_probes_the_people_and_booking_indexes(agency, desk_officer):
    """The people come first (their ids), so the bookings' condition is two index probes; a
    subquery inside the OR made the database walk every booking of the agency."""
    CustodyCaseFactory.create_batch(5, person__agency=agency, agency=agency)
    _book(agency, "Núñez", "José")
    search = case_search(desk_officer, "nunez")
    plan = _plan(CustodyCase.objects.filter(search.q))  # (no agency filter: at scale one holds most)
    assert "SubPlan" not in plan and "BitmapOr" in plan
    assert "case_booking_key" in plan
    assert "cases_custodycase_person_id" in plan


# --- the navigation's search box -------------------------------------------------------------


def test_the_navigation_search_box_goes_to_the_custody_list_over_every_status(desk, agency):
    page = desk.get("/").content.decode()
    assert 'data-testid="nav-search"' in page and 'action="/cases/"' in page
    assert '<input type="hidden" name="status" value="">' in page
    released = _book(agency, "Ñúñez", "José")
    released.status, released.closed_at = "released", released.booked_at
    released.save()
    assert "Ñúñez, José" in desk.get("/cases/", {"status": "", "q": "jose nunez"}).content.decode()


def test_the_navigation_search_box_is_only_for_those_who_see_cases(client, sign_in, trainer):
    sign_in(trainer)
    assert 'data-testid="nav-search"' not in client.get("/").content.decode()


# --- a search broader than the list reads --------------------------------------------------


def test_a_search_matching_more_people_than_it_reads_says_so(desk, agency, monkeypatch):
    from cases.custody import selectors

    monkeypatch.setattr(selectors, "SEARCH_PEOPLE_CAP", 3)
    for first in ("Ana", "Luis", "Maria", "Jose"):
        _book(agency, "Núñez", first)
    page = _custody(desk, "nunez")
    assert 'data-testid="search-capped"' in page
    assert "More than 3 people match “nunez”" in page
    assert page.count('data-testid="custody-row"') == 3
    narrower = _custody(desk, "nunez jose")
    assert 'data-testid="search-capped"' not in narrower
    assert "Núñez, Jose" in narrower


def test_a_search_within_the_cap_finds_every_match_by_name_alias_and_booking_number(desk, agency):
    _book(agency, "Ñúñez", "José")
    _book(agency, "Other", "Person", aliases="Nunez")
    _book(agency, "Third", "Person", booking_number="NUNEZ")
    page = _custody(desk, "nunez")
    assert 'data-testid="search-capped"' not in page
    assert "Ñúñez, José" in page and "Other, Person" in page and "Third, Person" in page


@pytest.mark.parametrize(
    "query",
    ["Núñez", "nun", "NUNEZ JO", "unez", pytest.param("Nunes", marks=on_postgresql), "jose nunez", "Pepe"],
)
def test_prefixes_substrings_near_spellings_and_aliases_all_find_the_person(
    desk, agency, desk_officer, query
):
    """The search reads a surname typed first along the btree of names (the common case), and
    everything else (a word inside a name, a near spelling, an alias, first name first) through
    the trigram index: together they find what the trigram search alone found."""
    person = _book(agency, "Ñúñez", "José", aliases="Pepé").person
    _book(agency, "Other", "Person")
    assert people_searched(desk_officer, query, 10) == [person.pk]
    assert "Ñúñez, José" in _custody(desk, query)


@on_postgresql  # elsewhere one query, in no particular order
def test_the_prefix_branch_reads_names_in_order_and_the_rest_only_if_room_is_left(agency, desk_officer):
    people = [_book(agency, "Núñez", first).person for first in ("Luis", "Ana", "Maria")]
    inside = _book(agency, "Ortiz-Nunez", "Beto").person  # "nunez" inside the name: the trigram branch
    by_name = sorted(people, key=lambda p: p.first_name)
    assert people_searched(desk_officer, "nunez", 2) == [p.pk for p in by_name[:2]]
    assert people_searched(desk_officer, "nunez", 10) == [*(p.pk for p in by_name), inside.pk]


@on_postgresql
def test_on_postgresql_a_surname_prefix_is_a_range_of_the_name_index_in_its_order(agency, desk_officer):
    """The first branch reads the prefix as a range of person_search_key_idx, in the index's
    order (no sort: it stops after as many as it needs); the second is the trigram search
    (test_on_postgresql_the_trigram_index_serves_the_name_search)."""
    PersonFactory.create_batch(5, agency=agency)
    with CaptureQueriesContext(connection) as ctx:
        people_searched(desk_officer, "nunez", 10)
    (query,) = ctx.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")  # the name index gives the order
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    prefix_branch = plan.split("->  Limit")[1]
    assert "person_search_key_idx" in prefix_branch, plan
    assert "search_key >= 'nunez'" in prefix_branch and "Sort" not in prefix_branch, plan
