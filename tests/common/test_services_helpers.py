"""The write helpers: an explicit field allowlist, and the audit row linking the model-history
row the save wrote (with the changed fields' before/after kept in the audit row itself)."""

import pytest

from cases.custody import services
from tests.factories import CustodyCaseFactory
from trustportal.audit.models import AuditEvent
from trustportal.common.services import allowed

pytestmark = pytest.mark.django_db


def test_a_field_outside_the_allowlist_is_refused():
    with pytest.raises(TypeError, match="not allowed here: is_superuser"):
        allowed({"facility": "North", "is_superuser": True}, ("facility",))


def test_the_audit_row_links_the_history_row_of_the_change(desk_officer):
    case = CustodyCaseFactory(person__agency=desk_officer.agency, facility="Central lock-up")
    services.case_update(case=case, data={"facility": "North block"}, acting_user=desk_officer)
    event = AuditEvent.objects.get(action="case.update")
    history = case.history.get(history_id=event.details["history_id"])
    assert history.facility == "North block"
    assert history.prev_record.facility == "Central lock-up"
    assert event.details["changes"]["facility"] == ["Central lock-up", "North block"]


def test_a_service_given_an_unexpected_field_changes_nothing(desk_officer):
    case = CustodyCaseFactory(person__agency=desk_officer.agency, facility="Central lock-up")
    with pytest.raises(TypeError):
        services.case_update(case=case, data={"facility": "X", "agency_id": 999}, acting_user=desk_officer)
    case.refresh_from_db()
    assert case.facility == "Central lock-up"
    assert not AuditEvent.objects.filter(action="case.update").exists()
