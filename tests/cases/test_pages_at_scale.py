"""What keeps the pages fast as the records grow (DESIGN §10, benchmarks/README.md): the board
picks its nearest deadlines from three sources and counts only up to a cap, every list stops
counting at a cap, and each page's queries stay few whatever the number of rows."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cases.board import selectors as board
from cases.custody.views import lists
from cases.models import DecisionAction
from tests.factories import (
    CustodyCaseFactory,
    DecisionFactory,
    DetainerFactory,
    NotificationFactory,
    PersonFactory,
    ReminderFactory,
)
from trustportal.audit.services import audit_record

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 5, 4, 14, 0, tzinfo=dt.UTC)
MAX_QUERIES = 12


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def detainer_for(agency, last_name, releasable_in=None):
    releasable = NOW + dt.timedelta(hours=releasable_in) if releasable_in is not None else None
    booked = min(NOW, releasable or NOW) - dt.timedelta(hours=6)
    case = CustodyCaseFactory(
        person=PersonFactory(agency=agency, last_name=last_name), releasable_at=releasable, booked_at=booked
    )
    return DetainerFactory(case=case, received_at=booked)


def hold_for(agency, last_name, releasable_in):
    """A hold until 48 hours after the release time."""
    return DecisionFactory(
        detainer=detainer_for(agency, last_name, releasable_in),
        actions=[DecisionAction.HOLD],
        override_reason="A judge's warrant is on file.",
        recorded_by__agency=agency,
    )


def names(response) -> list[str]:
    return [r.last_name for r in response.context["rows"]]


def test_the_board_shows_the_nearest_deadlines_of_every_kind_in_order(
    client, sign_in, desk_officer, agency, monkeypatch
):
    monkeypatch.setattr(board, "BOARD_LIMIT", 5)
    detainer_for(agency, "Missing")
    detainer_for(agency, "Soon", releasable_in=1)
    hold_for(agency, "HoldSoon", releasable_in=-46)  # hold limit in 2 hours
    detainer_for(agency, "Third", releasable_in=3)
    hold_for(agency, "HoldLater", releasable_in=-44)  # in 4 hours
    detainer_for(agency, "Later", releasable_in=10)
    hold_for(agency, "HoldLatest", releasable_in=-20)  # in 28 hours
    sign_in(desk_officer)

    response = client.get(reverse("cases:board"))

    assert names(response) == ["Missing", "Soon", "HoldSoon", "Third", "HoldLater"]
    assert "Showing the 5 nearest deadlines of 7." in response.content.decode()


def test_the_board_counts_only_up_to_its_cap(client, sign_in, desk_officer, agency, monkeypatch):
    monkeypatch.setattr(board, "BOARD_LIMIT", 2)
    monkeypatch.setattr(board, "TOTAL_CAP", 3)
    for hours in range(5):
        detainer_for(agency, f"Person{hours}", releasable_in=hours)
    sign_in(desk_officer)
    page = client.get(reverse("cases:board_table")).content.decode()
    assert "Showing the 2 nearest deadlines of more than 3." in page


@pytest.mark.parametrize("url", ["/", "/cases/board/", "/cases/board/table/"])
def test_the_board_pages_take_few_queries_past_the_limit(
    client, sign_in, desk_officer, agency, url, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(board, "BOARD_LIMIT", 4)
    hold_for(agency, "Holding", releasable_in=-40)
    for n in range(8):
        detainer_for(agency, f"Person{n}", releasable_in=n if n % 3 else None)
    sign_in(desk_officer)
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert len(response.context["rows"]) == 4
    assert "of 9" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"open_detainer": "yes"},
        {"open_detainer": "no"},
        {"releasable_today": "yes"},
        {"releasable_today": "no"},
        {"status": "released"},
        {"o": "releasable_at"},
        {"o": "-name"},
        {"q": "Rivera"},
    ],
)
def test_each_custody_list_filter_takes_few_queries(
    client, sign_in, desk_officer, agency, params, django_assert_max_num_queries
):
    for n in range(30):
        case = CustodyCaseFactory(person=PersonFactory(agency=agency, last_name=f"Rivera{n}"))
        if n % 2:
            DetainerFactory(case=case)
    sign_in(desk_officer)
    client.get("/cases/")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/cases/", params)
    assert response.status_code == 200


def test_the_open_detainer_filter_finds_cases_with_and_without_one(client, sign_in, desk_officer, agency):
    with_one = CustodyCaseFactory(person=PersonFactory(agency=agency, last_name="Withone"))
    DetainerFactory(case=with_one)
    DetainerFactory(case=with_one)  # two open detainers: the case is listed once
    CustodyCaseFactory(person=PersonFactory(agency=agency, last_name="Without"))
    sign_in(desk_officer)
    yes = client.get("/cases/", {"open_detainer": "yes"}).content.decode()
    no = client.get("/cases/", {"open_detainer": "no"}).content.decode()
    assert yes.count('data-testid="custody-row"') == 1 and "Withone" in yes
    assert no.count('data-testid="custody-row"') == 1 and "Without" in no


def test_the_custody_list_stops_counting_at_the_cap(client, sign_in, desk_officer, agency, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_CAP", 3)
    for _ in range(5):
        CustodyCaseFactory(person=PersonFactory(agency=agency))
    sign_in(desk_officer)
    page = client.get("/cases/").content.decode()
    assert "more than 3 bookings: narrow the search or the filters" in page
    assert page.count('data-testid="custody-row"') == 5  # the page itself is whole


def test_the_audit_trail_and_the_notifications_take_few_queries(
    client, sign_in, supervisor, agency, django_assert_max_num_queries
):
    case = CustodyCaseFactory(person=PersonFactory(agency=agency))
    for _ in range(30):
        audit_record(action="case.update", acting_user=supervisor, obj=case)
        NotificationFactory(user=supervisor, reminder=ReminderFactory(recipient_user=supervisor))
    sign_in(supervisor)
    for url in (
        "/accounts/audit/",
        "/accounts/audit/?action=case.update",
        "/notifications/",
        "/cases/reviews/",
    ):
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200
