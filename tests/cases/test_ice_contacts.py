"""The ICE contact log: every interaction with ICE, with date, time and nature (Trust Act duty)."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import IceContact
from tests.factories import DetainerFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def detainer(agency):
    return DetainerFactory(case__person__agency=agency)


def url(detainer):
    return f"/cases/detainers/{detainer.pk}/contacts/new/"


def contact(**change):
    at = timezone.localtime() - dt.timedelta(minutes=30)
    return {
        "at": at.strftime("%Y-%m-%dT%H:%M"),
        "nature": "phone",
        "details": "ICE asked for the release date.",
        **change,
    }


def test_an_officer_records_a_contact_and_is_its_recorder(client, desk_officer, sign_in, detainer):
    sign_in(desk_officer)
    assert client.get(url(detainer)).status_code == 200
    response = client.post(url(detainer), contact(recorded_by="999"))
    assert response.status_code == 302 and response["Location"] == f"/cases/detainers/{detainer.pk}/"
    saved = IceContact.objects.get()
    assert (saved.detainer, saved.nature, saved.recorded_by) == (detainer, "phone", desk_officer)
    event = AuditEvent.objects.get(action="detainer.ice_contact")
    assert event.actor == desk_officer and event.details == {"detainer": detainer.pk, "nature": "phone"}
    page = client.get(response["Location"]).content.decode()
    assert "ICE asked for the release date." in page and "Telephone call" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"at": "2099-05-01T10:00"}, "The contact time cannot be in the future."),
        ({"at": "yesterday"}, "Enter a valid date/time."),
        ({"nature": "telepathy"}, "Select a valid choice."),
        ({"details": ""}, "This field is required."),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(client, desk_officer, sign_in, detainer, change, message):
    sign_in(desk_officer)
    response = client.post(url(detainer), contact(**change))
    assert response.status_code == 200 and message in response.content.decode()
    assert not IceContact.objects.exists()


def test_the_form_takes_local_time(client, desk_officer, sign_in, detainer):
    sign_in(desk_officer)
    client.post(url(detainer), contact(at="2025-01-15T09:30"))
    assert IceContact.objects.get().at == dt.datetime(2025, 1, 15, 14, 30, tzinfo=dt.UTC)


def test_roles_and_agencies(client, sign_in, trainer, auditor, other_officer, detainer):
    for persona, status in ((trainer, 403), (auditor, 403), (other_officer, 404)):
        sign_in(persona)
        assert client.get(url(detainer)).status_code == status
        assert client.post(url(detainer), contact()).status_code == status
    assert not IceContact.objects.exists()
