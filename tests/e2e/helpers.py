"""Signing in through the real form (password, banner, TOTP) in a browser test."""

from django_otp.oath import TOTP

from tests.factories import PASSWORD, TOTPDeviceFactory


def current_code(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def sign_in_through_the_form(page, user):
    device = user.totpdevice_set.filter(confirmed=True).first() or TOTPDeviceFactory(user=user)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("I have read the notice above").check()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/second-factor/**")
    page.get_by_label("6-digit code").fill(current_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
