"""The custody list, the person page and the case page issue a fixed number of queries,
at 1 row and at 50 rows alike."""

import pytest
from django.utils import timezone

from cases.custody.services import charge_update as update_charge
from cases.custody.services import person_update as update_person
from tests.factories import (
    ChargeFactory,
    ConvictionFactory,
    CustodyCaseFactory,
    DetainerFactory,
    IceAccessFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    client.get("/")  # warm the session
    return client


def _fill_case(case, n, officer):
    for i in range(n):
        ChargeFactory(case=case, statute=f"53a-{60 + (i % 3)}")
        ConvictionFactory(
            person=case.person,
            statute=("53a-55", "53a-70", "53a-999")[i % 3],
            subdivision="a1" if i % 3 == 1 else "",
            victim_age=15 if i % 3 == 1 else None,
        )
        detainer = DetainerFactory(case=case, served_at=timezone.now())
        IceAccessFactory(detainer=detainer, at=timezone.now(), communication=f"Call {i}", recorded_by=officer)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_custody_list_has_a_fixed_query_count(desk, agency, rows, django_assert_max_num_queries):
    for _ in range(rows):
        case = CustodyCaseFactory(person=PersonFactory(agency=agency))
        DetainerFactory(case=case)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = desk.get("/cases/", {"q": "", "o": "name", "open_detainer": "yes"})
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="custody-row"') == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_csv_export_has_a_fixed_query_count(desk, agency, rows, django_assert_max_num_queries):
    for _ in range(rows):
        CustodyCaseFactory(person=PersonFactory(agency=agency))
    with django_assert_max_num_queries(MAX_QUERIES):
        body = b"".join(desk.get("/cases/", {"format": "csv"}).streaming_content)
    assert body.count(b"\n") == rows + 1


def _count_queries(desk, url, rows, assert_max):
    desk.get(url)  # a first view: the catalogue is built, the audit trail has rows
    with assert_max(MAX_QUERIES):
        response = desk.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_person_page_has_a_fixed_query_count(
    desk, agency, desk_officer, rows, django_assert_max_num_queries
):
    person = PersonFactory(agency=agency)
    for _ in range(rows):
        case = CustodyCaseFactory(person=person)
        DetainerFactory(case=case)
    _fill_case(case, rows, desk_officer)
    page = _count_queries(desk, f"/cases/people/{person.pk}/", rows, django_assert_max_num_queries)
    assert page.count('data-testid="conviction-row"') == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_person_history_has_a_fixed_query_count(
    desk, agency, desk_officer, rows, django_assert_max_num_queries
):
    person = PersonFactory(agency=agency, created_by=desk_officer)
    for i in range(rows):
        update_person(person=person, data={"citizenship": f"Country {i}"}, acting_user=desk_officer)
    page = _count_queries(desk, f"/cases/people/{person.pk}/history/", rows, django_assert_max_num_queries)
    assert page.count("person.update") == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_case_page_has_a_fixed_query_count(
    desk, agency, desk_officer, rows, django_assert_max_num_queries
):
    case = CustodyCaseFactory(person=PersonFactory(agency=agency))
    _fill_case(case, rows, desk_officer)
    page = _count_queries(desk, f"/cases/{case.pk}/", rows, django_assert_max_num_queries)
    assert page.count('data-testid="conviction-row"') == rows
    assert page.count('href="/cases/detainers/') == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_case_timeline_has_a_fixed_query_count(
    desk, agency, desk_officer, rows, django_assert_max_num_queries
):
    case = CustodyCaseFactory(person=PersonFactory(agency=agency), closed_by=desk_officer)
    _fill_case(case, rows, desk_officer)
    for charge in case.charges.all():
        update_charge(charge=charge, data={"status": "dismissed"}, acting_user=desk_officer)
    page = _count_queries(desk, f"/cases/{case.pk}/timeline/", rows, django_assert_max_num_queries)
    assert page.count("ICE access (A) Responded") == rows
    assert page.count("Charge changed") == rows
