"""Shared fixtures: agencies, one persona per role, and signed-in clients.

With CI=true the suite must run on the real PostgreSQL and Redis: it stops at once
(a failure, not a skip) when either is missing, and it runs as the application's restricted
database role (tests/restricted_db.py: the owner migrates, the tests connect as the app role).
"""

import importlib
import os

import pytest
from django.conf import settings

from tests import restricted_db
from tests.factories import AgencyFactory, TOTPDeviceFactory, UserFactory
from trustportal.accounts.roles import Role

if restricted_db.RESTRICTED:
    from tests.restricted_db import restricted_django_db_setup as django_db_setup  # noqa: F401


def _redis_ok(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    where = f"{db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''}:{db.get('PORT') or ''}/{db['NAME']}"
    role = (
        f"the application's role {restricted_db.APP} (migrated by {restricted_db.OWNER})"
        if restricted_db.RESTRICTED
        else f"{db.get('USER') or '-'} (DATABASE_URL's role)"
    )
    return [
        f"TrustPortal database: {where}, as {role}",
        f"TrustPortal broker: {settings.CELERY_BROKER_URL}",
    ]


def pytest_configure(config):
    restricted_db.install_test_flush()
    if os.environ.get("CI") != "true":
        return
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        pytest.exit("CI=true requires PostgreSQL (DATABASE_URL), not " + engine, returncode=1)
    if not settings.REDIS_URL or not _redis_ok(settings.REDIS_URL):
        pytest.exit("CI=true requires a reachable Redis (REDIS_URL)", returncode=1)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the heartbeat banner, the catalogue, ...)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Rows the migrations create (role groups, the offense catalogue, the 2025 candidates)
    are wiped by the flush after a transactional test; put them back for every test that
    uses the database, so test order never matters."""
    names = set(request.fixturenames)
    if not ({"db", "transactional_db"} & names) and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    from django.apps import apps

    from tests.factories import ensure_role_groups

    ensure_role_groups()
    if not apps.get_model("cases", "Offense").objects.exists():
        importlib.import_module("cases.migrations.0002_seed_catalogue").seed(apps, None)
        importlib.import_module("cases.migrations.0014_catalogue_v2_data").to_v2(apps, None)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Hartford Police Department", ori="CT0006400")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="New Haven Police Department", ori="CT0009300")


def _persona(agency, role, username):
    return UserFactory(username=username, agency=agency, roles=[role])


@pytest.fixture
def desk_officer(agency):
    return _persona(agency, Role.DESK_OFFICER, "desk")


@pytest.fixture
def supervisor(agency):
    return _persona(agency, Role.SUPERVISOR, "supervisor")


@pytest.fixture
def trainer(agency):
    return _persona(agency, Role.TRAINER, "trainer")


@pytest.fixture
def agency_admin(agency):
    return _persona(agency, Role.AGENCY_ADMIN, "agencyadmin")


@pytest.fixture
def steward(db):
    """The statewide catalogue steward: a staff account of a state office."""
    office = AgencyFactory(name="Office of the Chief State's Attorney", ori="CT0000100")
    return UserFactory(username="steward", agency=office, roles=[Role.CATALOGUE_STEWARD])


@pytest.fixture
def auditor(agency):
    return _persona(agency, Role.AUDITOR, "auditor")


@pytest.fixture
def other_officer(other_agency):
    """A desk officer of another agency: must never see the first agency's records."""
    return _persona(other_agency, Role.DESK_OFFICER, "outsider")


@pytest.fixture
def sign_in(client):
    """Sign a user in with a verified second factor, as after password + TOTP."""

    def _sign_in(user, the_client=None):
        c = the_client or client
        device = user.totpdevice_set.filter(confirmed=True).first() or TOTPDeviceFactory(user=user)
        c.force_login(user)
        session = c.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return c

    return _sign_in
