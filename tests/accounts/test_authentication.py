"""Sign-in as a CJIS system needs it: banner, lockout, TOTP, idle timeout, logout, audit."""

import datetime as dt

import pytest
import time_machine
from django_otp.oath import TOTP

from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)


def _password_step(client, username, password=PASSWORD, acknowledge=True):
    data = {"username": username, "password": password}
    if acknowledge:
        data["acknowledge"] = "on"
    return client.post("/accounts/login/", data)


def _code(device, at: dt.datetime) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at.timestamp()
    return f"{totp.token():06d}"


def test_login_needs_the_banner_acknowledged(client, desk_officer):
    response = _password_step(client, desk_officer.username, acknowledge=False)
    assert response.status_code == 200
    assert "Please acknowledge the notice to sign in." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_refused_in_plain_words_and_audited(client, desk_officer):
    response = _password_step(client, desk_officer.username, password="not-it")
    assert "The username or password is not right" in response.content.decode()
    failure = AuditEvent.objects.get(action="auth.login_failed")
    assert failure.actor_username == desk_officer.username
    assert failure.outcome == "failure"
    assert failure.agency == desk_officer.agency
    assert failure.ip_address == "127.0.0.1"


def test_five_bad_passwords_lock_the_account(client, desk_officer):
    for _ in range(5):
        _password_step(client, desk_officer.username, password="wrong-password-1")
    response = _password_step(client, desk_officer.username)  # right password, too late
    assert response.status_code == 403
    assert "Account locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_bad_passwords_do_not_lock(client, desk_officer):
    for _ in range(4):
        _password_step(client, desk_officer.username, password="wrong-password-1")
    response = _password_step(client, desk_officer.username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(desk_officer.pk)


def test_agency_admin_unlocks_a_locked_account(client, desk_officer, agency_admin, sign_in):
    for _ in range(5):
        _password_step(client, desk_officer.username, password="wrong-password-1")
    admin_client = sign_in(agency_admin, the_client=type(client)())
    page = admin_client.get("/accounts/staff/")
    assert "Locked" in page.content.decode()
    admin_client.post(f"/accounts/staff/{desk_officer.pk}/unlock/")
    assert AuditEvent.objects.filter(action="staff.unlock", object_id=str(desk_officer.pk)).exists()
    response = _password_step(client, desk_officer.username)
    assert response.status_code == 302


def test_password_alone_leads_to_enrolment_then_the_home_page(client, desk_officer):
    with time_machine.travel(NOW, tick=False) as clock:
        _password_step(client, desk_officer.username)
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/second-factor/enrol/")
        page = client.get("/accounts/second-factor/enrol/")
        assert page.status_code == 200
        assert 'data-testid="otp-qr"' in page.content.decode()
        device = desk_officer.totpdevice_set.get()
        assert not device.confirmed
        wrong = client.post("/accounts/second-factor/enrol/", {"token": "000000"})
        assert "That code is not valid" in wrong.content.decode()
        too_soon = client.post("/accounts/second-factor/enrol/", {"token": _code(device, NOW)})
        assert "Too many wrong codes" in too_soon.content.decode()
        clock.shift(dt.timedelta(seconds=5))  # the throttle after one wrong code has passed
        ok = client.post("/accounts/second-factor/enrol/", {"token": _code(device, NOW)})
        assert ok.status_code == 302, ok.content.decode()
        assert ok.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/").status_code == 200


def test_a_totp_code_cannot_be_used_twice(client, desk_officer):
    device = TOTPDeviceFactory(user=desk_officer)
    with time_machine.travel(NOW, tick=False):
        code = _code(device, NOW)
        _password_step(client, desk_officer.username)
        first = client.post("/accounts/second-factor/", {"token": code})
        assert first.status_code == 302
        assert client.get("/").status_code == 200
        client.post("/accounts/logout/")

        _password_step(client, desk_officer.username)
        again = client.post("/accounts/second-factor/", {"token": code})
        assert again.status_code == 200
        assert "That code is not valid" in again.content.decode()
        assert client.get("/").status_code == 302
    failures = AuditEvent.objects.filter(action="auth.second_factor", outcome="failure")
    assert failures.count() == 1


def test_a_non_numeric_code_gets_a_plain_message(client, desk_officer):
    TOTPDeviceFactory(user=desk_officer)
    _password_step(client, desk_officer.username)
    response = client.post("/accounts/second-factor/", {"token": "abc123"})
    assert "numbers only" in response.content.decode()


def test_idle_session_expires_after_30_minutes(client, desk_officer, sign_in):
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in(desk_officer)
        assert client.get("/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity renews the 30 minutes
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_logout_ends_the_session_and_is_audited(client, desk_officer, sign_in):
    sign_in(desk_officer)
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor=desk_officer).exists()


def test_logout_by_get_changes_nothing(client, desk_officer, sign_in):
    sign_in(desk_officer)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200


def test_successful_login_is_audited(client, desk_officer):
    _password_step(client, desk_officer.username)
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == desk_officer
    assert event.outcome == "success"


def test_unknown_username_is_refused_like_a_wrong_password(client):
    response = _password_step(client, "nobody-here")
    assert "The username or password is not right" in response.content.decode()


def test_superuser_has_no_case_capabilities_but_reaches_the_admin(client, sign_in):
    root = UserFactory(username="root", agency=None, is_superuser=True, is_staff=True)
    sign_in(root)
    assert client.get("/admin/").status_code == 200
    assert client.get("/accounts/staff/").status_code == 403


def test_automatic_polling_does_not_keep_an_idle_session_alive(client, desk_officer, sign_in):
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in(desk_officer)
        assert client.get("/").status_code == 200
        for _ in range(4):  # the board polls for 32 minutes while nobody touches the screen
            clock.shift(dt.timedelta(minutes=8))
            client.get("/", headers={"X-TrustPortal-Poll": "1"})
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
