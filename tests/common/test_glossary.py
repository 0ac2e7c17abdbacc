"""The glossary explains the law's and the forms' words, from every page (the Help link) and
beside the words themselves (the term tag)."""

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def test_every_page_links_the_glossary_and_it_explains_the_terms(client, sign_in, desk_officer):
    sign_in(desk_officer)
    assert 'href="/help/glossary/"' in client.get("/cases/").content.decode()
    page = client.get("/help/glossary/").content.decode()
    for anchor in (
        "i-247a",
        "administrative-warrant",
        "judicial-warrant",
        "ice-access",
        "would-otherwise-be-released",
    ):
        assert f'id="{anchor}"' in page
    assert "An immigration judge is not a judicial officer" in page


def test_the_term_tag_links_to_its_entry():
    html = Template('{% load help_tags %}ICE access {% term "ice-access" %}').render(Context())
    assert 'href="/help/glossary/#ice-access"' in html
    assert Template('{% load help_tags %}{% term "no-such-term" %}').render(Context()) == ""
