"""What a person sees: a 120-character unbroken name wraps instead of making the page wider
than the window; the navigation's one search box finds a detainer by its Subject ID; a
supervisor's staff-training page. axe-core on each page visited."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import sign_in_through_the_form
from tests.factories import CustodyCaseFactory, DetainerDocumentFactory, PersonFactory, UserFactory
from training.models import TrainingSettings
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

LONG_LAST = "Wolfeschlegelsteinhausenbergerdorff" * 3  # 105 letters, no space to break at
LONG_FIRST = "Maximiliana" + "x" * 4  # 15: the name is 120 letters in two unbroken words


@pytest.fixture
def axe_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        timezone_id="America/New_York",
        bypass_csp=True,
        viewport={"width": 800, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"browser errors: {errors}"


def _no_wider_than_the_window(page, where: str):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{where}: the page is {widths[0]} px wide in a {widths[1]} px window"


def test_a_120_character_name_wraps_on_every_page_it_appears(axe_page, live_server, agency):
    page = axe_page
    assert len(LONG_FIRST + LONG_LAST) == 120
    officer = UserFactory(username="dana", agency=agency, roles=[Role.DESK_OFFICER, Role.SUPERVISOR])
    person = PersonFactory(agency=agency, first_name=LONG_FIRST[:100], last_name=LONG_LAST[:100])
    case = CustodyCaseFactory(person=person, releasable_at=timezone.now() + dt.timedelta(hours=3))
    detainer = DetainerDocumentFactory(detainer__case=case, detainer__subject_id="SUBJ-LONG-1").detainer
    sign_in_through_the_form(page, officer)
    for where in (
        "/",
        f"/cases/?status=&q={LONG_LAST[:20]}",
        f"/cases/people/{person.pk}/",
        f"/cases/{case.pk}/",
        f"/cases/detainers/{detainer.pk}/",
        f"/cases/detainers/{detainer.pk}/decision/",
    ):
        page.goto(where)
        page.wait_for_load_state("networkidle")
        assert page.get_by_text(LONG_LAST[:100], exact=False).first.is_visible(), where
        _no_wider_than_the_window(page, where)


def test_the_navigation_search_finds_a_detainer_and_a_supervisor_sees_staff_training(
    axe_page, live_server, agency
):
    page = axe_page
    page.set_viewport_size({"width": 1280, "height": 900})  # the navigation expanded
    supervisor = UserFactory(username="sam", agency=agency, roles=[Role.SUPERVISOR])
    UserFactory(
        username="newdesk", first_name="Noor", last_name="Haddad", agency=agency, roles=[Role.DESK_OFFICER]
    )
    TrainingSettings.objects.create(agency=agency, require_certificate_for_decisions=True)
    person = PersonFactory(agency=agency, first_name="Rosa", last_name="Quintero")
    detainer = DetainerDocumentFactory(
        detainer__case=CustodyCaseFactory(person=person), detainer__subject_id="SUBJ-7781"
    ).detainer
    sign_in_through_the_form(page, supervisor)
    page.get_by_label("Find a person, booking, detainer or decision").fill("subj-7781")
    page.get_by_label("Find a person, booking, detainer or decision").press("Enter")
    page.wait_for_url("**/cases/?**")
    found = page.get_by_test_id("found-detainer")
    assert "Rosa Quintero" in found.inner_text() and "SUBJ-7781" in found.inner_text()
    assert_accessible(page, "search with a detainer found")
    found.get_by_role("link").click()
    page.wait_for_url(f"**/cases/detainers/{detainer.pk}/")

    page.get_by_test_id("nav-team-training").click()
    page.wait_for_url("**/training/team/")
    row = page.get_by_test_id("team-row").filter(has_text="Noor Haddad")
    assert "Cannot record decisions" in row.inner_text()
    assert_accessible(page, "staff training")
