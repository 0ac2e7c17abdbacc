"""Reads of personal data leave an audit event: who looked at whom, and when (issue 14 item 6)."""

import pytest

from tests.factories import CustodyCaseFactory, DetainerFactory, PersonFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def detainer(agency):
    return DetainerFactory(case__person__agency=agency, case__person__last_name="Ramirez")


def _only_event(action: str) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, [e.action for e in AuditEvent.objects.all()]
    return events[0]


def test_opening_a_persons_edit_page_is_audited_but_saving_is_audited_once(
    client, sign_in, desk_officer, detainer
):
    person = detainer.case.person
    sign_in(desk_officer)
    assert client.get(f"/cases/people/{person.pk}/edit/").status_code == 200
    event = _only_event("person.edit_view")
    assert (event.actor, event.agency, event.object_id) == (desk_officer, desk_officer.agency, str(person.pk))
    assert event.ip_address == "127.0.0.1"


def test_opening_the_decision_screen_is_audited(client, sign_in, supervisor, detainer):
    sign_in(supervisor)
    assert client.get(f"/cases/detainers/{detainer.pk}/decision/").status_code == 200
    event = _only_event("decision.screen_view")
    assert (event.actor, event.agency) == (supervisor, supervisor.agency)
    assert (event.object_type, event.object_id) == ("cases.detainer", str(detainer.pk))


def test_the_decision_panel_refresh_is_not_a_second_screen_view(client, sign_in, supervisor, detainer):
    sign_in(supervisor)
    client.get(f"/cases/detainers/{detainer.pk}/decision/panel/", HTTP_HX_REQUEST="true")
    assert not AuditEvent.objects.filter(action="decision.screen_view").exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_opening_the_case_timeline_is_audited(client, sign_in, auditor, detainer, htmx):
    sign_in(auditor)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    assert client.get(f"/cases/{detainer.case.pk}/timeline/", **headers).status_code == 200
    event = _only_event("case.timeline_view")
    assert (event.actor, event.object_id) == (auditor, str(detainer.case.pk))


def test_the_custody_list_is_audited_with_its_filters(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    assert client.get("/cases/", {"status": "open"}).status_code == 200
    event = _only_event("case.list_view")
    assert (event.actor, event.agency) == (desk_officer, desk_officer.agency)
    assert event.details == {"query": "status=open"}


def test_an_intake_search_is_audited_with_what_was_searched(client, sign_in, desk_officer, agency):
    PersonFactory(agency=agency, last_name="Ramirez")
    sign_in(desk_officer)
    client.get("/cases/intake/")
    assert not AuditEvent.objects.filter(action="person.search").exists()  # no search, nothing read
    assert "Ramirez" in client.get("/cases/intake/", {"q": "ramirez"}).content.decode()
    event = _only_event("person.search")
    assert event.actor == desk_officer and event.details == {"query": "ramirez", "found": 1}


def test_another_agencys_timeline_is_a_404_and_not_audited_as_a_read(client, sign_in, other_officer, agency):
    case = CustodyCaseFactory(person__agency=agency)
    sign_in(other_officer)
    assert client.get(f"/cases/{case.pk}/timeline/").status_code == 404
    assert not AuditEvent.objects.filter(action="case.timeline_view").exists()
