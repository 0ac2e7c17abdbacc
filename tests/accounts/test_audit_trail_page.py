"""The audit trail page: filters by user, action, object and date range; each event links to
its object; the filtered events download as CSV, and the download is itself audited."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from tests.factories import CustodyCaseFactory
from trustportal.audit.models import AuditEvent
from trustportal.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(desk_officer, supervisor):
    """Two events today (the database sets an event's time: it cannot be backdated)."""
    case = CustodyCaseFactory(person__agency=desk_officer.agency)
    audit_record(action="case.view", acting_user=desk_officer, obj=case)
    audit_record(action="case.update", acting_user=supervisor, obj=case)
    return case


def _rows(client, **params):
    return client.get("/accounts/audit/", params).content.decode().count('data-testid="audit-row"')


def test_it_filters_by_user_action_object_and_dates(client, sign_in, auditor, desk_officer, trail):
    sign_in(auditor)
    assert _rows(client, user=desk_officer.username) == 1
    assert _rows(client, action="case.update") == 1
    assert _rows(client, action="case.") == 2
    assert _rows(client, object_type="cases.custodycase", object_id=str(trail.pk)) == 2
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    assert _rows(client, date_from=today.isoformat(), date_to=today.isoformat(), action="case.") == 2
    assert _rows(client, date_to=(today - day).isoformat(), action="case.") == 0
    assert _rows(client, date_from=(today + day).isoformat(), action="case.") == 0


def test_a_bad_date_says_so_instead_of_failing(client, sign_in, auditor, trail):
    sign_in(auditor)
    response = client.get("/accounts/audit/", {"date_from": "not-a-date"})
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()


def test_each_event_links_to_its_object(client, sign_in, auditor, trail):
    sign_in(auditor)
    assert f'href="/cases/{trail.pk}/"' in client.get("/accounts/audit/").content.decode()


def test_the_csv_export_holds_the_filtered_events_and_is_audited(client, sign_in, auditor, trail):
    sign_in(auditor)
    response = client.get("/accounts/audit/", {"action": "case.", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["at", "user", "action"]
    assert sorted(r[2] for r in rows[1:]) == ["case.update", "case.view"]
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor == auditor and "case." in export.details["query"]
    assert timezone.localtime(export.at).date() == timezone.localdate()
