"""No browser or proxy keeps what TrustPortal answers a signed-in user (personal data, TOTP
secrets): every response carries ``Cache-Control: no-store, private``."""

import pytest

from tests.accounts.test_login_required import PROTECTED, _concrete

pytestmark = pytest.mark.django_db

# Pages that answer with personal data; ids 1 are sample records that may not exist (a 404
# must not be cacheable either).
GETS = [_concrete(route) for name, route in PROTECTED if not name.startswith("admin:")]


def _no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_every_url_answers_a_signed_in_user_with_no_store(client, sign_in, supervisor):
    sign_in(supervisor)
    cached = [url for url in GETS if not _no_store(client.get(url))]
    assert cached == []


def test_csv_export_htmx_fragment_and_totp_enrolment_are_not_stored(
    client, sign_in, supervisor, desk_officer
):
    sign_in(supervisor)
    assert _no_store(client.get("/cases/?format=csv"))
    assert _no_store(client.get("/cases/board/", headers={"HX-Request": "true"}))
    client.logout()
    client.force_login(desk_officer)  # password only: the TOTP enrolment page shows the secret
    response = client.get("/accounts/second-factor/enrol/", follow=True)
    assert _no_store(response)


def test_the_sign_in_page_is_not_stored_either(client):
    assert _no_store(client.get("/accounts/login/"))
