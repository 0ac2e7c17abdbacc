"""The navigation's one search box also finds detainers (Subject ID, Event #, A-number) and
decisions (by number), only the agency's own, each with a link."""

import pytest

from tests.factories import (
    CustodyCaseFactory,
    DecisionFactory,
    DetainerFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


@pytest.fixture
def detainer(agency):
    case = CustodyCaseFactory(person=PersonFactory(agency=agency, first_name="Rosa", last_name="Quintero"))
    return DetainerFactory(
        case=case, subject_id="SUBJ-7781", event_number="EVT20260412", file_number="A012345678"
    )


def _search(desk, text):
    """What the navigation box sends (it keeps every status)."""
    return desk.get("/cases/", {"status": "", "q": text}).content.decode()


@pytest.mark.parametrize(
    "text", ["SUBJ-7781", "subj-7781 ", "evt20260412", "A012345678", "A 012-345-678", "12345678"]
)
def test_it_finds_a_detainer_by_subject_id_event_number_or_a_number(desk, detainer, text):
    html = _search(desk, text)
    found = html.split('data-testid="search-records"')[1].split("</section>")[0]
    assert f'href="/cases/detainers/{detainer.pk}/"' in found and "Rosa Quintero" in found


@pytest.mark.parametrize("pattern", ["{}", "#{}", "decision {}", "Decision #{}"])
def test_it_finds_a_decision_by_its_number(desk, detainer, pattern):
    decision = DecisionFactory(detainer=detainer)
    html = _search(desk, pattern.format(decision.pk))
    found = html.split('data-testid="found-decision"')[1].split("</li>")[0]
    assert f'href="/cases/decisions/{decision.pk}/"' in found and f"Decision #{decision.pk}" in found


def test_another_agencys_detainers_and_decisions_are_not_found(desk, other_agency):
    theirs = DetainerFactory(
        case=CustodyCaseFactory(person=PersonFactory(agency=other_agency)), subject_id="THEIRS-1"
    )
    decision = DecisionFactory(detainer=theirs)
    assert 'data-testid="search-records"' not in _search(desk, "THEIRS-1")
    assert 'data-testid="search-records"' not in _search(desk, f"#{decision.pk}")


def test_a_name_search_shows_no_empty_records_box(desk, detainer):
    html = _search(desk, "Quintero")
    assert 'data-testid="search-records"' not in html and 'data-testid="custody-row"' in html


def test_the_navigation_box_says_what_it_finds(desk, detainer):
    html = desk.get("/").content.decode()
    assert "Find a person, booking, detainer or decision" in html


@pytest.mark.parametrize("rows", [1, 30])
def test_a_search_finding_records_has_a_fixed_query_count(desk, agency, rows, django_assert_max_num_queries):
    for _ in range(rows):
        DetainerFactory(case=CustodyCaseFactory(person=PersonFactory(agency=agency)), subject_id="SAME-1")
    desk.get("/")
    with django_assert_max_num_queries(12):
        html = _search(desk, "SAME-1")
    assert html.count('data-testid="found-detainer"') == min(rows, 10)
