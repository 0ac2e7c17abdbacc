"""The clock must be seen to run: ``/healthz`` (no login, no personal data, JSON) answers 503
and every staff page shows a banner once the last sweep is older than five minutes; the
database or the broker being down makes ``/healthz`` answer 503 too."""

import datetime as dt

import pytest
import time_machine
from django.db import OperationalError, connection

from trustportal.celery import app as celery_app
from trustportal.notifications.tasks import sweep_reminders

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)
BANNER = "Reminders are not running."


def at(minutes: float):
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


def test_healthz_answers_200_while_the_sweep_runs_and_503_once_it_stops(client):
    with at(0):
        sweep_reminders()
    with at(4.9):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {
            "status": "ok", "database": "ok", "broker": "ok", "sweep": "ok",
            "last_sweep_at": "2026-05-04T08:00:00+00:00",
        }  # fmt: skip
    with at(5.1):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert (response.json()["status"], response.json()["sweep"]) == ("unhealthy", "late")
    with at(5.2):
        sweep_reminders()
        assert client.get("/healthz").status_code == 200, "the sweep runs again"


def test_healthz_needs_no_login_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 503, "no sweep has run yet"
    assert response["Content-Type"] == "application/json"
    assert response.json()["sweep"] == "late" and response.json()["last_sweep_at"] is None
    assert not response.cookies


def test_healthz_answers_503_when_the_broker_is_down(client, monkeypatch):
    sweep_reminders()
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:9/0")  # nothing listens
    response = client.get("/healthz")
    assert response.status_code == 503
    assert (response.json()["broker"], response.json()["database"]) == ("down", "ok")


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    sweep_reminders()

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unhealthy", "database": "down", "broker": "ok", "sweep": "unknown", "last_sweep_at": None,
    }  # fmt: skip


@pytest.mark.parametrize("page", ["/", "/cases/", "/notifications/"])
def test_every_staff_page_shows_a_banner_once_the_sweep_is_late(client, sign_in, desk_officer, page):
    sign_in(desk_officer)
    with at(0):
        sweep_reminders()
    with at(4):
        assert BANNER not in client.get(page).content.decode()
    with at(6):
        text = client.get(page).content.decode()
        assert BANNER in text
        assert "The last reminder check ran Mon 04 May 2026 04:00 EDT (6\xa0minutes ago)" in text


def test_the_banner_says_when_no_sweep_has_ever_run(client, sign_in, supervisor):
    sign_in(supervisor)
    text = client.get("/").content.decode()
    assert BANNER in text and "No reminder check has run yet." in text


def test_the_sign_in_page_shows_no_banner(client):
    assert BANNER not in client.get("/accounts/login/").content.decode()
