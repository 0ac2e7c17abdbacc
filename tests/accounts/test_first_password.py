"""An account an administrator created chooses its own password at first sign-in."""

import pytest

from trustportal.accounts import services
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db

GIVEN = "given-by-the-admin-2026"


@pytest.fixture
def new_officer(agency, agency_admin):
    data = {
        "username": "newbie",
        "first_name": "New",
        "last_name": "Officer",
        "email": "new@example.org",
        "badge_number": "",
        "is_active": True,
        "password": GIVEN,
        "roles": [Role.DESK_OFFICER],
    }
    return services.staff_create(agency=agency, data=data, acting_user=agency_admin)


def test_the_first_page_after_sign_in_asks_for_a_new_password(client, sign_in, new_officer):
    sign_in(new_officer)
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    assert client.get("/accounts/password/").status_code == 200


def test_after_choosing_one_the_officer_goes_on(client, sign_in, new_officer):
    sign_in(new_officer)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": GIVEN,
            "new_password1": "my-own-choice-2026!",
            "new_password2": "my-own-choice-2026!",
        },
    )
    assert response.status_code == 302
    new_officer.refresh_from_db()
    assert not new_officer.must_change_password
    assert client.get("/cases/").status_code == 200


def test_accounts_people_made_themselves_are_not_asked(client, sign_in, desk_officer):
    sign_in(desk_officer)
    assert client.get("/cases/").status_code == 200
