"""Privileged changes leave audit events: every admin add/change/delete, every password
change; the admin cannot edit what only audited services may change."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import TOTPDeviceFactory, UserFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(client):
    admin = get_user_model().objects.create_superuser(
        "root-admin", "root@example.org", "a-long-admin-pass-2026"
    )
    TOTPDeviceFactory(user=admin)
    return admin


@pytest.fixture
def admin_client(client, sign_in, sysadmin):
    sign_in(sysadmin)
    return client


def test_making_a_user_superuser_in_the_admin_is_audited(admin_client, sysadmin, desk_officer):
    page = admin_client.get(f"/admin/accounts/user/{desk_officer.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update(
        {
            "username": desk_officer.username,
            "agency": desk_officer.agency_id,
            "is_superuser": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "groups": [g.pk for g in desk_officer.groups.all()],
        }
    )
    data.pop("last_login", None)
    data.pop("password", None)
    response = admin_client.post(f"/admin/accounts/user/{desk_officer.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    desk_officer.refresh_from_db()
    assert desk_officer.is_superuser
    event = AuditEvent.objects.get(action="admin.change")
    assert event.actor == sysadmin
    assert event.details["model"] == "accounts.user"
    assert event.details["object_id"] == str(desk_officer.pk)
    assert "Superuser status" in str(event.details["change"])


def test_a_password_change_is_audited_with_who_did_it(client, sign_in, desk_officer):
    desk_officer.set_password("a-brand-new-password-2026")
    desk_officer.save()
    event = AuditEvent.objects.get(action="auth.password_change")
    assert event.object_id == str(desk_officer.pk) and event.details["own"] is True


def test_creating_an_account_is_not_logged_as_a_password_change(agency):
    UserFactory(agency=agency)
    assert not AuditEvent.objects.filter(action="auth.password_change").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/training/attempt/add/",
        "/admin/training/certificate/add/",
        "/admin/otp_totp/totpdevice/add/",
        "/admin/axes/accessattempt/add/",
    ],
)
def test_the_admin_cannot_add_attempts_certificates_devices_or_lockouts(admin_client, url):
    assert admin_client.get(url).status_code == 403


def test_totp_secrets_are_not_shown_in_the_admin(admin_client, desk_officer):
    device = TOTPDeviceFactory(user=desk_officer)
    page = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page


def test_a_signed_in_officer_opening_the_admin_gets_a_403_not_a_loop(client, sign_in, desk_officer):
    sign_in(desk_officer)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
