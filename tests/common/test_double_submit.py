"""A double click creates one record: the same rendered form sent twice (one after the
other, or at the same moment from two connections) gives one detainer, one charge, one set
of reminders. A rendered form is known by its masked CSRF token (a new one per page)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from cases.models import Charge, Detainer
from tests.cases.test_detainers import create_url, detainer_post
from tests.factories import CustodyCaseFactory
from tests.vendors import postgresql_only

pytestmark = pytest.mark.django_db
RENDERED = {"csrfmiddlewaretoken": "token-of-one-rendered-page"}
OTHER_RENDERING = {"csrfmiddlewaretoken": "token-of-another-rendered-page"}


def test_the_form_carries_a_fresh_token_each_time_it_is_rendered(client, sign_in, desk_officer, case):
    sign_in(desk_officer)
    tokens = {client.get(create_url(case)).context["csrf_token"] for _ in range(2)}
    assert len({str(t) for t in tokens}) == 2


@pytest.fixture
def case(agency):
    return CustodyCaseFactory(person__agency=agency)


def test_the_same_detainer_form_sent_twice_logs_one_detainer(client, sign_in, desk_officer, case):
    sign_in(desk_officer)
    first = client.post(create_url(case), {**detainer_post(), **RENDERED})
    second = client.post(create_url(case), {**detainer_post(), **RENDERED}, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already sent" in second.content.decode()
    assert Detainer.objects.filter(case=case).count() == 1


def test_a_different_form_after_the_first_is_saved_too(client, sign_in, desk_officer, case):
    sign_in(desk_officer)
    client.post(
        f"/cases/{case.pk}/charges/add/", {"statute": "53a-60", "status": "pending", "bond_posted": "unknown"}
    )
    client.post(
        f"/cases/{case.pk}/charges/add/", {"statute": "53a-61", "status": "pending", "bond_posted": "unknown"}
    )
    assert sorted(Charge.objects.filter(case=case).values_list("statute", flat=True)) == ["53a-60", "53a-61"]


def test_a_refused_form_can_be_sent_again(client, sign_in, desk_officer, case):
    sign_in(desk_officer)
    bad = {**detainer_post(received_at=""), **RENDERED}
    assert client.post(create_url(case), bad).status_code == 200
    assert client.post(create_url(case), bad).status_code == 200  # shown again with its errors
    assert not Detainer.objects.filter(case=case).exists()


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_log_one_detainer(sign_in, desk_officer, case):
    """Two connections post the same form concurrently (a real double click)."""
    postgresql_only("concurrent requests need PostgreSQL")
    browser = Client()
    sign_in(desk_officer, browser)
    session = browser.cookies
    statuses = []

    def click():
        c = Client()
        c.cookies = session
        statuses.append(c.post(create_url(case), {**detainer_post(), **RENDERED}).status_code)
        connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [302, 302]
    assert Detainer.objects.filter(case=case).count() == 1
