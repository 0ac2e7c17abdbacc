"""Agency admins manage their own agency's staff; others cannot; bad input changes nothing."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory
from trustportal.accounts.models import User
from trustportal.accounts.roles import Role
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

GOOD = {
    "username": "newofficer",
    "first_name": "Nia",
    "last_name": "Officer",
    "email": "nia@example.test",
    "badge_number": "417",
    "is_active": "on",
    "roles": [Role.DESK_OFFICER],
    "password": "a-long-passphrase-for-nia",
}


def test_agency_admin_creates_an_account_with_a_role(client, agency_admin, sign_in):
    sign_in(agency_admin)
    response = client.post("/accounts/staff/new/", GOOD)
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert user.agency == agency_admin.agency
    assert list(user.groups.values_list("name", flat=True)) == [Role.DESK_OFFICER]
    assert user.check_password(GOOD["password"])
    event = AuditEvent.objects.get(action="staff.create")
    assert event.actor == agency_admin and event.object_id == str(user.pk)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "short"}, "This password is too short"),
        ({"password": "123456789012345"}, "This password is entirely numeric"),
        ({"username": "agencyadmin"}, "That username is taken"),
        ({"first_name": ""}, "This field is required"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"roles": ["Emperor"]}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_and_creates_nothing(client, agency_admin, sign_in, change, message):
    sign_in(agency_admin)
    before = User.objects.count()
    response = client.post("/accounts/staff/new/", {**GOOD, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == before
    assert not AuditEvent.objects.filter(action="staff.create").exists()


def test_agency_admin_changes_roles_and_it_is_audited(client, agency_admin, desk_officer, sign_in):
    sign_in(agency_admin)
    data = {
        "username": desk_officer.username,
        "first_name": "D",
        "last_name": "O",
        "email": "",
        "badge_number": "",
        "is_active": "on",
        "roles": [Role.SUPERVISOR],
    }
    assert client.post(f"/accounts/staff/{desk_officer.pk}/", data).status_code == 302
    assert set(desk_officer.groups.values_list("name", flat=True)) == {Role.SUPERVISOR}
    event = AuditEvent.objects.get(action="staff.update")
    assert event.details["before"]["roles"] == [Role.DESK_OFFICER]
    assert event.details["after"]["roles"] == [Role.SUPERVISOR]


def test_admin_cannot_deactivate_themselves(client, agency_admin, sign_in):
    sign_in(agency_admin)
    data = {
        "username": agency_admin.username,
        "first_name": "A",
        "last_name": "A",
        "email": "",
        "badge_number": "",
        "roles": [Role.AGENCY_ADMIN],
    }
    response = client.post(f"/accounts/staff/{agency_admin.pk}/", data)
    assert "You cannot deactivate your own account." in response.content.decode()
    agency_admin.refresh_from_db()
    assert agency_admin.is_active


def test_another_agencys_staff_is_a_404_like_a_missing_one(client, agency_admin, other_officer, sign_in):
    sign_in(agency_admin)
    assert client.get(f"/accounts/staff/{other_officer.pk}/").status_code == 404
    assert client.get("/accounts/staff/999999/").status_code == 404
    assert client.post(f"/accounts/staff/{other_officer.pk}/unlock/").status_code == 404
    assert client.post(f"/accounts/staff/{other_officer.pk}/reset-second-factor/").status_code == 404
    page = client.get("/accounts/staff/").content.decode()
    assert other_officer.username not in page


@pytest.mark.parametrize("persona", ["desk_officer", "supervisor", "trainer", "auditor"])
def test_only_agency_admins_manage_staff(client, sign_in, request, persona):
    sign_in(request.getfixturevalue(persona))
    assert client.get("/accounts/staff/").status_code == 403
    assert client.post("/accounts/staff/new/", GOOD).status_code == 403
    assert not User.objects.filter(username="newofficer").exists()


def test_reset_second_factor_makes_them_enrol_again(client, agency_admin, desk_officer, sign_in):
    from tests.factories import TOTPDeviceFactory

    TOTPDeviceFactory(user=desk_officer)
    sign_in(agency_admin)
    client.post(f"/accounts/staff/{desk_officer.pk}/reset-second-factor/")
    assert not desk_officer.totpdevice_set.exists()
    assert AuditEvent.objects.filter(action="staff.reset_second_factor").count() == 1


def test_state_changes_refuse_get(client, agency_admin, desk_officer, sign_in):
    sign_in(agency_admin)
    assert client.get(f"/accounts/staff/{desk_officer.pk}/unlock/").status_code == 405


def test_roles_exist_as_groups_from_the_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_staff_list_has_a_fixed_number_of_queries(
    client, agency_admin, sign_in, django_assert_max_num_queries
):
    sign_in(agency_admin)
    client.get("/")  # the session and second factor are settled before counting
    with django_assert_max_num_queries(12):
        client.get("/accounts/staff/")
    UserFactory.create_batch(40, agency=agency_admin.agency, roles=[Role.DESK_OFFICER])
    with django_assert_max_num_queries(12):
        client.get("/accounts/staff/")
