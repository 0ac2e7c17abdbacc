"""The pages around ICE access: ask for an override and review it, forward a release-date
request to the agency head and the head's review, and the panels the pages load."""

import pytest
from django.utils import timezone

from cases.models import DecisionAction, NotificationReview, OverrideRequest
from tests.factories import DetainerFactory, UserFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def detainer(agency):
    return DetainerFactory(case__person__agency=agency, case__person__first_name="Iris")


@pytest.fixture
def head(agency):
    return UserFactory(agency=agency, roles=["Agency head"])


def ask(client, detainer, **data):
    data = {"actions": [DecisionAction.HOLD], "reason": "A judge's warrant is on file.", **data}
    return client.post(f"/cases/detainers/{detainer.pk}/overrides/new/", data, follow=True)


def test_an_officer_asks_and_another_supervisor_approves(client, sign_in, desk_officer, supervisor, detainer):
    sign_in(desk_officer)
    page = ask(client, detainer).content.decode()
    assert "Override requested" in page
    request = OverrideRequest.objects.get()
    assert (request.status, request.requested_by, request.actions) == ("pending", desk_officer, ["hold"])
    panel = client.get(f"/cases/detainers/{detainer.pk}/overrides/", headers={"HX-Request": "true"})
    assert "Waiting for a supervisor other than the one who asked" in panel.content.decode()
    sign_in(supervisor)
    panel = client.get(f"/cases/detainers/{detainer.pk}/overrides/", headers={"HX-Request": "true"})
    assert 'data-testid="override-review-form"' in panel.content.decode()
    page = client.post(f"/cases/overrides/{request.pk}/review/", {"outcome": "approved"}, follow=True)
    assert "Override approved." in page.content.decode()
    request.refresh_from_db()
    assert (request.status, request.reviewed_by) == ("approved", supervisor)
    assert AuditEvent.objects.filter(action="override.approved", outcome="success").count() == 1


def test_a_rejection_needs_comments_and_a_second_request_waits(
    client, sign_in, desk_officer, supervisor, detainer
):
    sign_in(desk_officer)
    ask(client, detainer)
    assert "already waiting for a supervisor" in ask(client, detainer).content.decode()
    request = OverrideRequest.objects.get()
    sign_in(supervisor)
    page = client.post(f"/cases/overrides/{request.pk}/review/", {"outcome": "rejected"}, follow=True)
    assert "Say why the override is rejected." in page.content.decode()
    assert client.post(f"/cases/overrides/{request.pk}/review/", {}, follow=True).status_code == 200
    request.refresh_from_db()
    assert request.status == "pending"


def test_bad_override_requests_change_nothing(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    assert "Give the reason for the override." in ask(client, detainer, reason="").content.decode()
    assert "Select a valid choice" in ask(client, detainer, actions=["decline"]).content.decode()
    assert not OverrideRequest.objects.exists()


def test_a_supervisor_cannot_approve_their_own_request(client, sign_in, supervisor, detainer):
    sign_in(supervisor)
    ask(client, detainer)
    request = OverrideRequest.objects.get()
    assert client.post(f"/cases/overrides/{request.pk}/review/", {"outcome": "approved"}).status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"


def test_the_head_reviews_a_forwarded_request_from_the_queue(client, sign_in, desk_officer, head, detainer):
    sign_in(desk_officer)
    page = client.post(f"/cases/detainers/{detainer.pk}/notification-request/forward/", follow=True)
    assert "Forwarded to the head of the agency" in page.content.decode()
    again = client.post(f"/cases/detainers/{detainer.pk}/notification-request/forward/", follow=True)
    assert "already waiting for the agency head" in again.content.decode()
    review = NotificationReview.objects.get()
    assert (
        client.post(f"/cases/notification-requests/{review.pk}/review/", {"outcome": "answer"}).status_code
        == 403
    )
    sign_in(head)
    queue = client.get("/cases/notification-requests/").content.decode()
    assert "Iris" in queue and 'data-testid="head-review-form"' in queue
    refused = client.post(f"/cases/notification-requests/{review.pk}/review/", {"outcome": "do_not_answer"})
    assert "Say why the request must not be answered." in refused.content.decode()
    done = client.post(
        f"/cases/notification-requests/{review.pk}/review/", {"outcome": "answer"}, follow=True
    )
    assert "Review recorded." in done.content.decode()
    review.refresh_from_db()
    assert (review.outcome, review.reviewed_by) == ("answer", head)
    assert review.reviewed_at <= timezone.now()


def test_the_panels_open_as_pages_without_javascript(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    for url in (f"/cases/detainers/{detainer.pk}/ice-gate/", f"/cases/detainers/{detainer.pk}/overrides/"):
        page = client.get(url).content.decode()
        assert "<html" in page and f"/cases/detainers/{detainer.pk}/" in page


def test_the_access_form_page_opens_on_get(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    page = client.get(f"/cases/detainers/{detainer.pk}/ice-access/new/").content.decode()
    assert "Record ICE access" in page and 'name="staff_minutes"' in page


def test_another_agency_gets_404_for_reviews_and_requests(
    client, sign_in, desk_officer, other_officer, detainer
):
    from cases.ice import services

    request = services.override_request_create(
        detainer=detainer, actions=["hold"], reason="x", acting_user=desk_officer
    )
    review = services.notification_request_forward(detainer=detainer, acting_user=desk_officer)
    other_supervisor = UserFactory(agency=other_officer.agency, roles=["Supervisor"])
    sign_in(other_supervisor)
    assert client.post(f"/cases/overrides/{request.pk}/review/", {"outcome": "approved"}).status_code == 404
    other_head = UserFactory(agency=other_officer.agency, roles=["Agency head"])
    sign_in(other_head)
    assert (
        client.post(f"/cases/notification-requests/{review.pk}/review/", {"outcome": "answer"}).status_code
        == 404
    )
    assert "Iris" not in client.get("/cases/notification-requests/").content.decode()
