"""In a real browser: the board's countdown ticks and turns red when overdue, and the bell's
polled count shows a new reminder without reloading the page."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import (
    CustodyCaseFactory,
    DetainerFactory,
    PersonFactory,
    ReminderFactory,
    TOTPDeviceFactory,
    UserFactory,
    ensure_role_groups,
)
from trustportal.accounts.roles import Role
from trustportal.notifications.sweep import reminders_sweep

pytestmark = pytest.mark.django_db(transaction=True)
POLL_HEADER = "x-trustportal-poll"


@pytest.fixture
def officer(agency):
    ensure_role_groups()
    return UserFactory(first_name="Dana", last_name="Desk", agency=agency, roles=[Role.DESK_OFFICER])


@pytest.fixture
def signed_in(page, live_server, officer):
    """The browser carries a session that passed password and TOTP (made by the test client)."""
    client = Client()
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = TOTPDeviceFactory(user=officer).persistent_id
    session.save()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def in_custody(agency, last_name, releasable_at):
    person = PersonFactory(agency=agency, first_name="Sam", last_name=last_name)
    booked = min(timezone.now(), releasable_at) - dt.timedelta(hours=6)
    return DetainerFactory(
        case=CustodyCaseFactory(person=person, releasable_at=releasable_at, booked_at=booked),
        received_at=booked,
    )


def test_the_board_counts_down_live_and_shows_overdue_in_red(signed_in, agency):
    page = signed_in
    in_custody(agency, "Soon", timezone.now() + dt.timedelta(hours=2))
    in_custody(agency, "Late", timezone.now() - dt.timedelta(minutes=30))

    page.goto("/cases/board/")
    rows = page.get_by_test_id("board-row")
    assert rows.count() == 2
    late, soon = rows.nth(0), rows.nth(1)
    assert "Late" in late.inner_text() and "Soon" in soon.inner_text()

    countdown = soon.get_by_test_id("countdown")
    first = countdown.inner_text()
    assert re.fullmatch(r"01:5\d:\d\d", first), first
    page.wait_for_function(
        "([el, before]) => el.textContent !== before", arg=[countdown.element_handle(), first], timeout=5000
    )
    assert countdown.inner_text() < first

    overdue = late.get_by_test_id("countdown")
    assert overdue.inner_text().startswith("OVERDUE +00:3")
    assert "countdown-overdue" in overdue.get_attribute("class")
    assert "table-danger" in late.get_attribute("class")
    assert soon.get_by_test_id("board-decision-link").get_attribute("href").endswith("/decision/")


def test_the_board_refreshes_itself_without_renewing_the_session(signed_in, agency, settings):
    settings.TRUSTPORTAL_POLL_SECONDS = 1
    page = signed_in
    polls = []
    page.on("request", lambda r: polls.append(r) if "/cases/board/table/" in r.url else None)

    page.goto("/cases/board/")
    assert page.get_by_test_id("board-empty").is_visible()
    in_custody(agency, "Arrived", timezone.now() + dt.timedelta(hours=3))
    page.get_by_test_id("board-row").filter(has_text="Arrived").wait_for(timeout=10_000)
    assert polls and all(r.headers.get(POLL_HEADER) == "1" for r in polls)


def test_an_unchanged_board_keeps_its_table_and_focus_while_it_polls(signed_in, agency, settings):
    """The poll sends the version of the table shown; an unchanged board answers 204 and htmx
    leaves the table alone (a keyboard user's focus stays on the link), a change swaps it."""
    settings.TRUSTPORTAL_POLL_SECONDS = 1
    page = signed_in
    in_custody(agency, "Waiting", timezone.now() + dt.timedelta(hours=2))
    page.goto("/cases/board/")
    link = page.get_by_test_id("board-decision-link").first
    link.focus()

    for _ in range(2):  # two polls, each with the table's version, each answered 204
        with page.expect_response(lambda r: "/cases/board/table/" in r.url) as polled:
            pass
        assert polled.value.status == 204 and "version=" in polled.value.url
    assert page.evaluate("document.activeElement.dataset.testid") == "board-decision-link"

    in_custody(agency, "Arrived", timezone.now() + dt.timedelta(hours=1))
    page.get_by_test_id("board-row").filter(has_text="Arrived").wait_for(timeout=10_000)
    assert page.get_by_test_id("board-row").count() == 2


def test_the_bell_shows_a_new_reminder_without_a_reload(signed_in, officer, settings):
    settings.TRUSTPORTAL_POLL_SECONDS = 1
    page = signed_in
    bell_requests = []
    page.on("request", lambda r: bell_requests.append(r) if "/notifications/bell/" in r.url else None)

    page.goto("/")
    page.get_by_test_id("bell").wait_for()
    assert page.get_by_test_id("bell-count").count() == 0

    ReminderFactory(recipient_user=officer, title="Enter the release time for Sam Soon")
    assert reminders_sweep()["sent"] == 1
    page.get_by_test_id("bell-count").wait_for(timeout=10_000)
    assert page.get_by_test_id("bell-count").inner_text() == "1"
    assert bell_requests and all(r.headers.get(POLL_HEADER) == "1" for r in bell_requests)

    page.get_by_test_id("bell").click()
    page.wait_for_url("**/notifications/")
    page.get_by_test_id("acknowledge").click()
    page.wait_for_url("**/notifications/")
    assert page.get_by_test_id("acknowledged").inner_text().startswith("Acknowledged by Dana Desk at ")
    page.get_by_test_id("bell").wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=bell-count]')", timeout=10_000)
