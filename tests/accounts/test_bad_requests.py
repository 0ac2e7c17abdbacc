"""Input found by fuzzing that gave a 500: each is now a clear 4xx (or a form error) and
changes nothing."""

import pytest

from tests.factories import ConvictionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/accounts/audit/?action=%00", "/cases/catalogue/?q=a%00b", "/cases/?q=%00"])
def test_a_nul_byte_in_a_query_is_dropped_not_a_500(client, sign_in, supervisor, url):
    sign_in(supervisor)
    assert client.get(url).status_code == 200


def test_a_nul_byte_in_the_path_is_a_bad_request(client, sign_in, supervisor):
    sign_in(supervisor)
    assert client.get("/cases/%00/").status_code == 400


def test_a_username_longer_than_the_column_is_a_form_error_not_a_500(client):
    response = client.post(
        "/accounts/login/", {"username": "u" * 300, "password": "x" * 12, "acknowledge": "on"}
    )
    assert response.status_code == 200
    assert "A username has at most 150 characters." in response.content.decode()


@pytest.mark.parametrize("bad_next", ["NaN", "-1", "home", "//evil.example/", "https://evil.example/"])
def test_a_next_that_is_not_a_local_path_falls_back_to_the_person_page(
    client, sign_in, desk_officer, bad_next
):
    conviction = ConvictionFactory(person__agency=desk_officer.agency)
    sign_in(desk_officer)
    response = client.post(f"/cases/convictions/{conviction.pk}/verify/", {"next": bad_next})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/people/{conviction.person.pk}/"


def test_the_session_id_changes_when_the_second_factor_succeeds(client, desk_officer):
    from django_otp.oath import TOTP

    from tests.factories import TOTPDeviceFactory

    device = TOTPDeviceFactory(user=desk_officer)
    client.force_login(desk_officer)
    before = client.session.session_key
    token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    response = client.post("/accounts/second-factor/", {"token": f"{token:06d}"})
    assert response.status_code == 302
    assert client.session.session_key != before
