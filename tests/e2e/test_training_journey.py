"""A trainer builds a scenario question and a quiz and assigns it to desk officers; a desk
officer fails, retakes, passes and sees a certificate; the trainer's report shows it."""

import datetime as dt
import importlib

import pytest
from django.utils import timezone
from django_otp.oath import TOTP

from tests.factories import PASSWORD, ModuleFactory, TOTPDeviceFactory, UserFactory
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reference_data(db):
    """The roles and the offense catalogue come from data migrations, which a transactional test
    run before this one flushes: put them back (both seeders are idempotent)."""
    from django.apps import apps

    importlib.import_module("trustportal.accounts.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("cases.migrations.0002_seed_catalogue").seed(apps, None)


def _code(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _sign_in(page, user, device, home):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("I have read the notice above").check()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/second-factor/**")
    page.get_by_label("6-digit code").fill(_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(home)


def _add_scenario_question(page):
    page.get_by_test_id("nav-training-admin").click()
    page.get_by_role("link", name="Trust Act basics").click()
    page.get_by_test_id("question-bank-link").click()
    page.get_by_test_id("scenario-create").click()
    page.locator('[name="action"]').select_option("detain")
    page.locator('[name="decided_at"]').fill("2024-04-24T09:00")
    page.locator('[name="releasable_at"]').fill("2024-04-24T10:00")
    page.locator('[name="documents-0-kind"]').select_option("administrative_warrant")
    page.locator('[name="documents-0-form"]').fill("I-205")
    page.locator('[name="convictions-0-statute"]').fill("53a-55")
    page.locator('[name="explanation"]').fill("Manslaughter in the first degree is a class B felony.")
    page.get_by_test_id("scenario-save").click()
    page.wait_for_url("**/manage/questions/*/")
    answer = page.get_by_test_id("question-options").locator("li", has=page.get_by_test_id("computed-answer"))
    assert answer.inner_text().startswith("Permitted")
    assert page.get_by_test_id("engine-trace").get_by_text("ct-2019.ab-felony").is_visible()


def _create_and_assign_quiz(page, due):
    page.get_by_role("link", name="Trust Act basics").click()
    page.get_by_test_id("quiz-create").click()
    page.locator('[name="title"]').fill("Scenario check")
    page.locator('[name="pass_mark_percent"]').fill("100")
    page.get_by_test_id("form-submit").click()
    page.get_by_test_id("assign-quiz").click()
    page.locator('[name="target"][value="role"]').check()
    page.locator('[name="role"]').select_option(Role.DESK_OFFICER.value)
    page.locator('[name="due_at"]').fill(f"{due:%Y-%m-%dT%H:%M}")
    page.get_by_test_id("form-submit").click()
    page.wait_for_url("**/manage/assignments/")
    row = page.get_by_test_id("assignment-row")
    assert "Scenario check" in row.inner_text() and "0 of 1" in row.inner_text()


def _answer(page, verdict):
    page.get_by_test_id("question").get_by_label(verdict, exact=True).check()
    page.get_by_test_id("submit-attempt").click()
    page.wait_for_url("**/result/")


def _take_quiz_twice(page):
    page.get_by_test_id("nav-training").click()
    page.get_by_test_id("assignment-due").get_by_test_id("open-quiz").click()
    page.get_by_test_id("start-attempt").click()
    assert "correct" not in page.content().lower()
    _answer(page, "Prohibited")
    assert page.get_by_test_id("attempt-failed").is_visible()
    assert page.get_by_test_id("attempt-score").inner_text() == "0%"
    page.get_by_test_id("back-to-quiz").click()
    page.get_by_test_id("start-attempt").click()
    _answer(page, "Permitted")
    assert page.get_by_test_id("attempt-passed").is_visible()
    assert page.get_by_test_id("explanation").get_by_text("class B felony").is_visible()
    page.get_by_test_id("view-certificate").click()
    assert page.get_by_test_id("certificate-name").inner_text() == "Dana Desk"
    assert "Trust Act basics" in page.get_by_test_id("certificate-module").inner_text()


def test_trainer_builds_assigns_and_officer_passes(reference_data, page, browser, live_server, agency):
    trainer = UserFactory(
        username="tess", first_name="Tess", last_name="Trainer", agency=agency, roles=[Role.TRAINER]
    )
    officer = UserFactory(
        username="dana", first_name="Dana", last_name="Desk", agency=agency, roles=[Role.DESK_OFFICER]
    )
    trainer_device, officer_device = TOTPDeviceFactory(user=trainer), TOTPDeviceFactory(user=officer)
    ModuleFactory(agency=agency, title="Trust Act basics")
    page.on("dialog", lambda dialog: dialog.accept())

    _sign_in(page, trainer, trainer_device, f"{live_server.url}/")
    _add_scenario_question(page)
    _create_and_assign_quiz(page, timezone.localtime() + dt.timedelta(days=7))

    context = browser.new_context(base_url=live_server.url, timezone_id="America/New_York")
    officer_page = context.new_page()
    officer_page.on("dialog", lambda dialog: dialog.accept())
    try:
        _sign_in(officer_page, officer, officer_device, f"{live_server.url}/")
        _take_quiz_twice(officer_page)
        officer_page.get_by_test_id("nav-training").click()
        assert "Scenario check" in officer_page.get_by_test_id("training-passed").inner_text()
    finally:
        context.close()

    page.get_by_test_id("nav-training-admin").click()
    page.get_by_test_id("nav-reports").click()
    row = page.get_by_test_id("officer-row").filter(has_text="dana")
    assert "100%" in row.inner_text()
    assert row.get_by_test_id("has-certificate").is_visible()
    page.get_by_role("link", name="Miss rate per question").click()
    assert page.get_by_test_id("question-report-row").first.inner_text().split("\t")[-1].strip() == "50%"
