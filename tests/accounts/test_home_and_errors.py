"""The home page leads somewhere for every role; the demo shows friendly error pages."""

import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

from tests.factories import TOTPDeviceFactory

pytestmark = pytest.mark.django_db


def test_a_desk_officer_can_book_a_person_from_home(client, sign_in, desk_officer):
    sign_in(desk_officer)
    page = client.get("/").content.decode()
    assert 'data-testid="home-book"' in page and 'href="/cases/intake/"' in page
    assert 'href="/cases/"' in page and 'href="/training/"' in page


def test_the_system_administrator_lands_on_administration_not_a_missing_role(client, sign_in):
    admin = get_user_model().objects.create_superuser("sysadmin2", "s@example.org", "a-long-admin-pass-2026")
    TOTPDeviceFactory(user=admin)
    sign_in(admin)
    page = client.get("/").content.decode()
    assert "no role yet" not in page
    assert 'data-testid="home-admin"' in page


def test_the_demo_runs_without_debug_so_errors_show_friendly_pages():
    code = "from django.conf import settings; print(settings.DEBUG)"
    env = {
        "TRUSTPORTAL_ENV": "demo",
        "DJANGO_SETTINGS_MODULE": "trustportal.settings",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "False", out.stderr


DEMO_REQUESTS = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
client = Client(raise_request_exception=False)
missing = client.get("/no-such-page/")
css = client.get("/static/css/trustportal.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "status": missing.status_code,
    "html": missing.content.decode(),
    "css": css.status_code,
    "css_body": b"".join(css.streaming_content).decode() if css.streaming else css.content.decode(),
}))
"""


def test_with_the_demos_settings_a_404_is_the_friendly_page_and_static_files_are_served(tmp_path):
    """A fresh process with exactly what scripts/demo.sh sets (TRUSTPORTAL_ENV=demo): the
    friendly 404 page, no URL list and no traceback, while WhiteNoise still serves the CSS."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        "TRUSTPORTAL_ENV": "demo",
        "TRUSTPORTAL_MFA_REQUIRED": "false",
        "DJANGO_SETTINGS_MODULE": "trustportal.settings",
        "PYTHONPATH": str(root),
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", DEMO_REQUESTS], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["debug"] is False and seen["status"] == 404
    assert "There is no such page or record" in seen["html"] and "Back to home" in seen["html"]
    for leak in ("URLconf", "Traceback", "Using the URLconf", "DEBUG = True", "urlpatterns"):
        assert leak not in seen["html"]
    assert seen["css"] == 200 and "overflow-wrap" in seen["css_body"]


def test_an_unknown_page_is_a_friendly_404_without_the_url_list(client, sign_in, desk_officer, settings):
    settings.DEBUG = False
    sign_in(desk_officer)
    response = client.get("/cases/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() or "not found" in response.content.decode().lower()
    assert "URLconf" not in response.content.decode()
