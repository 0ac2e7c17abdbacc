"""A desk officer decides a detainer on the decision screen; a supervisor approves it; a
supervisor cannot approve a decision they recorded themselves."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from playwright.sync_api import expect

from cases.models import Decision, DecisionReview, FelonyClass, ReviewOutcome
from tests.factories import (
    PASSWORD,
    ConvictionFactory,
    DecisionFactory,
    DetainerFactory,
    TOTPDeviceFactory,
    UserFactory,
    ensure_role_groups,
)
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _code(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _person(agency, username, first, last, role):
    user = UserFactory(username=username, first_name=first, last_name=last, agency=agency, roles=[role])
    return user, TOTPDeviceFactory(user=user)


def _sign_in(page, live_server, username, device):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("I have read the notice above").check()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/second-factor/**")
    page.get_by_label("6-digit code").fill(_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/")


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, timezone_id="America/New_York")
    context.set_default_timeout(15_000)
    return context.new_page()


def _detainer(agency, officer):
    """A person convicted of a class B felony, releasable in a day: a hold is permitted."""
    detainer = DetainerFactory(
        case__person__agency=agency,
        case__person__first_name="Ana",
        case__person__last_name="Lopez",
        case__created_by=officer,
        created_by=officer,
    )
    case = detainer.case
    case.releasable_at = timezone.now() + dt.timedelta(days=1)
    case.save()
    ConvictionFactory(
        person=case.person,
        statute="53a-55",
        felony_class_override=FelonyClass.B,
        override_reason="Class B per the court record.",
    )
    return detainer


def test_an_officer_decides_and_a_supervisor_approves(page, browser, live_server, agency):
    ensure_role_groups()
    _, desk_device = _person(agency, "dana", "Dana", "Desk", Role.DESK_OFFICER)
    supervisor, sup_device = _person(agency, "sam", "Sam", "Super", Role.SUPERVISOR)
    detainer = _detainer(agency, supervisor)

    _sign_in(page, live_server, "dana", desk_device)
    page.goto(f"/cases/detainers/{detainer.pk}/decision/")
    expect(page.get_by_test_id("verdict-detain")).to_have_attribute("data-verdict", "permitted")
    expect(page.get_by_test_id("verdict-detain")).to_contain_text("You may hold this person until")
    expect(page.get_by_test_id("trace")).to_contain_text("C.G.S. § 54-192h(b)(1)(A)(ii)")
    expect(page.get_by_test_id("trace")).to_contain_text("✓")
    expect(page.get_by_test_id("verdict-interview")).to_have_attribute("data-verdict", "prohibited")

    # A what-if changes nothing: the guidance for supposed facts shows, the record stays.
    page.evaluate("window.notReloaded = true")
    what_if = page.get_by_test_id("what-if-facts")
    what_if.get_by_role("group", name="Written consent to an ICE interview").get_by_label("Yes").check()
    what_if.get_by_test_id("what-if-submit").click()
    expect(page.get_by_test_id("hypothetical")).to_contain_text("Hypothetical: not the record")
    expect(page.get_by_test_id("hypothetical-interview")).to_have_attribute("data-verdict", "permitted")
    expect(page.get_by_test_id("fact-interview_consent")).to_have_attribute("data-value", "no")
    expect(page.get_by_test_id("verdict-interview")).to_have_attribute("data-verdict", "prohibited")

    # Correcting the record is separate, with a reason: the panel is re-fetched by htmx.
    page.get_by_test_id("correct-record").locator("summary").click()
    page.get_by_test_id("correct-form").get_by_label("Fact", exact=True).select_option("interview_consent")
    page.get_by_test_id("correct-form").get_by_label("Yes").check()
    page.get_by_label("Why the record is wrong (what you checked)").fill("Signed consent form in the file")
    page.get_by_test_id("correct-submit").click()
    expect(page.get_by_test_id("fact-interview_consent")).to_have_attribute("data-value", "yes")
    expect(page.get_by_test_id("verdict-interview")).to_have_attribute("data-verdict", "permitted")
    assert page.evaluate("window.notReloaded") is True

    page.get_by_label("Hold for ICE (up to the 48-hour limit)").check()
    page.get_by_label("Notify ICE of the release date and time").check()
    page.get_by_test_id("decision-form").get_by_label("Why").fill(
        "Convicted of manslaughter in the first degree (class B)."
    )
    page.get_by_label("I told the person that ICE asked for their detention").check()
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/cases/decisions/*/")
    expect(page.locator("main")).to_contain_text("Decision recorded. It goes to a supervisor for review.")
    decision = Decision.objects.get()
    assert not decision.is_override and decision.hold_until is not None

    supervisor_page = _new_page(browser, live_server)
    _sign_in(supervisor_page, live_server, "sam", sup_device)
    supervisor_page.goto("/cases/reviews/")
    row = supervisor_page.locator(f'[data-testid="queue-row"][data-decision="{decision.pk}"]')
    expect(row).to_contain_text("Ana Lopez")
    row.get_by_test_id("approve").click()
    expect(supervisor_page.locator("main")).to_contain_text(f"Decision #{decision.pk} approved.")
    review = DecisionReview.objects.get(decision=decision)
    assert review.reviewer == supervisor and review.outcome == ReviewOutcome.APPROVED
    supervisor_page.context.close()


def test_a_supervisor_cannot_approve_their_own_decision(page, live_server, agency):
    ensure_role_groups()
    supervisor, device = _person(agency, "sue", "Sue", "Visor", Role.SUPERVISOR)
    own = DecisionFactory(detainer=_detainer(agency, supervisor), recorded_by=supervisor)

    _sign_in(page, live_server, "sue", device)
    page.goto("/cases/reviews/")
    row = page.locator(f'[data-testid="queue-row"][data-decision="{own.pk}"]')
    expect(row).to_contain_text("Another supervisor must review this.")
    expect(row.get_by_test_id("approve")).to_have_count(0)

    page.goto(f"/cases/decisions/{own.pk}/review/")
    expect(page.get_by_test_id("own-decision")).to_contain_text("Another supervisor must review this.")
    expect(page.get_by_role("button", name="Record the review")).to_have_count(0)
    assert not DecisionReview.objects.exists()
