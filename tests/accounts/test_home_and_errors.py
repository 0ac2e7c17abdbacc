"""The project floor's own pages: the home page renders the panels apps register (it imports
no app), and a refusal gives a 403 page that says why."""

import pytest
from django.test import RequestFactory

from tests.factories import DecisionFactory, UserFactory
from trustportal import home
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    def context(request):
        return {"who": request.user.username} if request.user.username == "shown" else None

    added = home.HomePanel(template="tests/panel.html", context=context, scripts=("js/test-panel.js",))
    before = dict(home._PANELS)
    home.register_panel(added)
    yield added
    home._PANELS.clear()
    home._PANELS.update(before)


def test_a_panel_is_rendered_for_the_users_it_chooses(panel, settings, tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "panel.html").write_text("<p>panel for {{ who }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    request = RequestFactory().get("/")
    request.user = UserFactory(username="shown")
    html, scripts = home.render_panels(request)
    assert "<p>panel for shown</p>" in html and scripts.count("js/test-panel.js") == 1
    request.user = UserFactory(username="hidden")
    html, scripts = home.render_panels(request)
    assert not any("panel for" in h for h in html) and "js/test-panel.js" not in scripts


def test_cases_registers_the_custody_board_as_a_home_panel():
    assert "cases/_home_board.html" in [p.template for p in home.registered_panels()]


def test_the_403_page_says_why(client, sign_in, desk_officer, agency):
    decision = DecisionFactory(detainer__case__person__agency=agency, recorded_by=desk_officer)
    sign_in(UserFactory(agency=agency, roles=[Role.DESK_OFFICER]))
    response = client.get(f"/cases/decisions/{decision.pk}/correct/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only the officer who recorded this decision or a supervisor can correct it." in html
    assert "ask your agency administrator" in html


def test_the_403_page_for_a_missing_role_keeps_the_plain_sentence(client, sign_in, desk_officer):
    sign_in(desk_officer)
    response = client.get("/cases/rule-sets/signoff/")
    assert response.status_code == 403 and "Your role does not allow this." in response.content.decode()
