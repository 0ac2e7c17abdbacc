"""The audit trail is append-only: not through the model, not through the admin, not in SQL."""

import pytest
from django.db import connection, transaction

from tests.factories import UserFactory
from trustportal.audit.models import AuditEvent
from trustportal.audit.services import audit_record
from trustportal.immutable import ImmutableRecordError

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(desk_officer):
    return audit_record(action="case.view", acting_user=desk_officer, details={"why": "test"})


def test_an_event_records_who_what_and_agency(event, desk_officer):
    assert event.actor_username == desk_officer.username
    assert event.agency == desk_officer.agency
    assert event.at is not None


def test_the_model_refuses_changes_and_deletes(event):
    event.action = "something.else"
    with pytest.raises(ImmutableRecordError):
        event.save()
    with pytest.raises(ImmutableRecordError):
        event.delete()
    with pytest.raises(ImmutableRecordError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(ImmutableRecordError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "case.view"


def test_postgresql_refuses_update_and_delete_in_sql(event):
    """The application's role may not (CI=true runs as it); a role that may, the trigger refuses
    (tests/accounts/test_audit_integrity.py tests each layer on its own)."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL, the production database")
    for sql in ("UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"):
        with (
            pytest.raises(Exception, match="append-only|permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).action == "case.view"


def test_the_admin_shows_events_read_only(client, sign_in, event):
    root = UserFactory(username="root", agency=None, is_superuser=True, is_staff=True)
    sign_in(root)
    url = f"/admin/audit/auditevent/{event.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"action": "tampered"}).status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "case.view"


def test_agency_audit_page_shows_only_own_agency(client, sign_in, auditor, other_officer):
    audit_record(action="case.view", acting_user=other_officer)
    audit_record(action="case.update", acting_user=auditor)
    sign_in(auditor)
    page = client.get("/accounts/audit/").content.decode()
    assert "case.update" in page
    assert "outsider" not in page


def test_desk_officers_cannot_read_the_audit_trail(client, sign_in, desk_officer):
    sign_in(desk_officer)
    assert client.get("/accounts/audit/").status_code == 403


def test_an_unregistered_audit_action_is_refused(desk_officer):
    """Audit actions are enumerations: a typo fails loudly instead of writing an event nobody
    can filter for."""
    with pytest.raises(ValueError, match="not registered"):
        audit_record(action="case.edti", acting_user=desk_officer)
    assert not AuditEvent.objects.filter(action="case.edti").exists()


def test_deferred_events_are_inserted_together_at_the_end_in_order(desk_officer):
    from django.db import transaction

    from trustportal.audit.services import audit_deferred

    before = AuditEvent.objects.count()
    with transaction.atomic(), audit_deferred():
        for i in range(3):
            audit_record(action="case.view", acting_user=desk_officer, details={"i": i})
        assert AuditEvent.objects.count() == before  # nothing written (no chain lock) yet
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [e.details["i"] for e in events] == [0, 1, 2]


def test_deferred_events_of_a_failed_block_are_not_written(desk_officer):
    from trustportal.audit.services import audit_deferred

    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), audit_deferred():
        audit_record(action="case.view", acting_user=desk_officer)
        raise RuntimeError("the import failed")
    assert AuditEvent.objects.count() == before
    audit_record(action="case.view", acting_user=desk_officer)  # and auditing goes on as usual
    assert AuditEvent.objects.count() == before + 1
