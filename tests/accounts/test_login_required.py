"""Every URL in the URLconf sends an anonymous visitor to the sign-in page.

The test walks the URLconf, so a URL added later is covered without editing this file.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {"accounts:login", "healthz"}  # healthz: tests/test_health.py
SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x"}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield namespace + (p.name or ""), prefix + str(p.pattern)


def _concrete(route: str) -> str:
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    # regex routes (the admin's): drop anchors and fill groups with a sample value
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = re.sub(r"\([^)]*\)", "x", route)
    return "/" + route.replace("\\", "")


URLS = sorted(set(_walk(get_resolver().url_patterns)))
PROTECTED = [(name, route) for name, route in URLS if name not in PUBLIC]


def test_the_walk_finds_the_project_urls():
    names = {name for name, _ in URLS}
    assert {"home", "accounts:staff_list", "accounts:audit_list", "admin:index"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), PROTECTED, ids=[f"{n or '-'}:{r}" for n, r in PROTECTED])
def test_anonymous_visitor_is_sent_to_sign_in(client, name, route):
    response = client.get(_concrete(route), follow=True)
    assert response.redirect_chain, f"{route} answered {response.status_code} without a redirect"
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_sign_in_page_is_public_and_shows_the_banner(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "criminal justice information system" in response.content.decode()


@pytest.mark.django_db
def test_static_files_need_no_login(client, settings):
    response = client.get("/static/css/trustportal.css")
    assert response.status_code == 200
