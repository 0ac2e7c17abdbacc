"""Issue 13's journey: a desk day without surprises. Book a person with a double click (one
record), search with and without accents, book the same person again by accident (intake
finds the first), and an agency admin edits a seeded catalogue row. axe-core checks every
page on the way: no serious or critical violation."""

import datetime as dt

import pytest

from cases.models import CustodyCase, Offense, Person
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import sign_in_through_the_form
from tests.factories import DetainerFactory, UserFactory
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _fill(page, values: dict):
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def _booked_at() -> str:
    return (dt.datetime.now() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")


def _intake(page, last: str, first: str, booking: str):
    page.goto("/cases/intake/")
    _fill(
        page,
        {
            "Last name*": last,
            "First name*": first,
            "Date of birth*": "1988-02-14",
            "Booking number*": booking,
            "Booked at*": _booked_at(),
            "Facility*": "Central lock-up",
        },
    )


def test_a_desk_day_without_surprises(axe_page, live_server, agency):
    page = axe_page
    officer = UserFactory(username="dana", agency=agency, roles=[Role.DESK_OFFICER])
    sign_in_through_the_form(page, officer)
    assert_accessible(page, "home")

    # A double click on "Book" books one person once.
    _intake(page, "Ñúñez", "José", "HPD-1")
    assert_accessible(page, "intake")
    page.get_by_test_id("intake-submit").dblclick()
    page.get_by_test_id("case-title").wait_for()
    assert Person.objects.count() == 1 and CustodyCase.objects.count() == 1
    assert_accessible(page, "case page")

    # Search with and without accents, from the navigation's search box.
    for query in ("jose nunez", "Ñúñez", "NUNEZ"):
        page.get_by_label("Find a person, booking, detainer or decision").fill(query)
        page.get_by_label("Find a person, booking, detainer or decision").press("Enter")
        page.wait_for_url("**/cases/?*q=*")
        assert "Ñúñez, José" in page.locator("main").inner_text(), query
    assert_accessible(page, "custody list")

    # Booked again by accident, typed without accents: intake finds the first record.
    _intake(page, "Nunez", "Jose", "HPD-2")
    page.get_by_test_id("intake-submit").click()
    matches = page.get_by_test_id("intake-likely-matches")
    assert "Ñúñez" in matches.inner_text()
    assert_accessible(page, "intake with a likely match")
    matches.get_by_label("Same person", exact=False).first.check()
    page.get_by_test_id("intake-submit").click()
    page.get_by_test_id("case-title").wait_for()
    assert Person.objects.count() == 1 and CustodyCase.objects.count() == 2

    # The decision screen of a detainer on that booking.
    detainer = DetainerFactory(case=CustodyCase.objects.get(booking_number="HPD-2"), created_by=officer)
    page.goto(f"/cases/detainers/{detainer.pk}/decision/")
    assert_accessible(page, "decision screen")


def test_the_catalogue_steward_edits_a_seeded_catalogue_row(axe_page, live_server, agency):
    page = axe_page
    admin = UserFactory(username="ada", agency=agency, roles=[Role.CATALOGUE_STEWARD])
    seeded = Offense.objects.order_by("pk").first()
    sign_in_through_the_form(page, admin)
    page.goto(f"/cases/catalogue/{seeded.pk}/edit/")
    title = page.locator("input[name=title]")
    assert title.input_value() == seeded.title
    assert_accessible(page, "catalogue edit")
    title.fill(f"{seeded.title} (checked)")
    page.get_by_role("button", name="Save").dblclick()
    page.wait_for_url(lambda url: "/edit/" not in url)
    seeded.refresh_from_db()
    assert seeded.title.endswith("(checked)") and seeded.history.count() == 1
    assert_accessible(page, "catalogue")
