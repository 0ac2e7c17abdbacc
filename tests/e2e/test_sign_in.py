"""A desk officer signs in with password, banner and TOTP, sees the home page, and signs out."""

import pytest
from django_otp.oath import TOTP

from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _current_code(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def test_sign_in_with_totp_then_sign_out(page, live_server, agency):
    officer = UserFactory(
        username="dana", first_name="Dana", last_name="Desk", agency=agency, roles=[Role.DESK_OFFICER]
    )
    device = TOTPDeviceFactory(user=officer)

    page.goto("/")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("criminal justice information system").is_visible()
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("I have read the notice above").check()
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/accounts/second-factor/**")
    page.get_by_label("6-digit code").fill(_current_code(device))
    page.get_by_role("button", name="Verify").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Welcome, Dana Desk").is_visible()
    assert page.locator("main").get_by_text(agency.name).is_visible()

    page.get_by_role("button", name="Dana Desk").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/accounts/login/**")
    page.goto("/")
    assert "/accounts/login/" in page.url
