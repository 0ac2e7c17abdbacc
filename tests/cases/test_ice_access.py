"""Only lawful ICE access: every act recorded, typed (a)(6)(A)–(F), and gated by a decision
that permits it (or a supervisor-approved override); the agency head reviews a request to be
told the release date first ((c)); refused attempts are audited and change nothing else."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.custody import services as custody_services
from cases.ice import services as ice
from cases.models import AccessType, CaseStatus, DecisionAction, DetainerStatus, IceAccess
from tests.factories import (
    ConvictionFactory,
    DecisionFactory,
    DetainerFactory,
    UserFactory,
    approved_override,
)
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NOTIFY, TRANSFER, INTERVIEW = DecisionAction.NOTIFY, DecisionAction.TRANSFER, DecisionAction.INTERVIEW


@pytest.fixture
def detainer(agency):
    """A detainer on a person with no qualifying conviction: hold, notify, transfer prohibited."""
    return DetainerFactory(case__person__agency=agency, request_notify=True)


@pytest.fixture
def felon_detainer(agency):
    detainer = DetainerFactory(case__person__agency=agency)
    ConvictionFactory(person=detainer.case.person, statute="53a-55")  # class B
    return detainer


@pytest.fixture
def head(agency):
    return UserFactory(agency=agency, roles=["Agency head"])


def access(access_type=AccessType.RELEASE_NOTICE, **change):
    return {
        "access_type": access_type,
        "at": timezone.now() - dt.timedelta(minutes=5),
        "method": "phone",
        "communication": "Told ERO Hartford the release is at 14:00.",
        "staff_minutes": 15,
        **change,
    }


def record(detainer, user, **data):
    return ice.ice_access_record(case=detainer.case, detainer=detainer, data=access(**data), acting_user=user)


def head_reviews(detainer, officer, head, outcome="answer"):
    review = ice.notification_request_forward(detainer=detainer, acting_user=officer)
    return ice.notification_request_review(
        review=review, outcome=outcome, comments="Checked.", acting_user=head
    )


# --- the journey that failed: a transfer the guidance prohibits ------------------------------


def test_a_transfer_to_ice_without_a_permitting_decision_is_refused_and_audited(
    client, sign_in, desk_officer, detainer
):
    sign_in(desk_officer)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {"to": "ice", "destination": "", "at": now, "reason": "ICE came for him"}
    page = client.post(f"/cases/{detainer.case.pk}/transfer/", data).content.decode()
    assert "No decision is recorded for this detainer" in page
    detainer.refresh_from_db()
    detainer.case.refresh_from_db()
    assert detainer.status == DetainerStatus.OPEN and detainer.case.status == CaseStatus.IN_CUSTODY
    assert not IceAccess.objects.exists()
    refused = AuditEvent.objects.get(action="ice.access_refused")
    assert refused.outcome == "denied" and refused.details["action"] == "transfer"


def test_a_decision_that_does_not_include_the_transfer_does_not_permit_it(desk_officer, felon_detainer):
    DecisionFactory(detainer=felon_detainer, actions=[NOTIFY], rationale="Class B.")
    with pytest.raises(ValidationError, match="does not include this"):
        custody_services.case_transfer(case=felon_detainer.case, to_ice=True, at=timezone.now(), reason="x",
                                       destination="", acting_user=desk_officer)  # fmt: skip


def test_a_permitted_transfer_is_recorded_as_type_a_access_in_compliance(desk_officer, felon_detainer):
    decision = DecisionFactory(detainer=felon_detainer, actions=[TRANSFER], rationale="Class B.")
    custody_services.case_transfer(case=felon_detainer.case, to_ice=True, at=timezone.now(), reason="ERO",
                                   destination="", acting_user=desk_officer, staff_minutes=20)  # fmt: skip
    saved = IceAccess.objects.get()
    assert (saved.access_type, saved.basis, saved.decision, saved.staff_minutes) == (
        "A",
        "detainer",
        decision,
        20,
    )
    assert saved.person == felon_detainer.case.person and saved.method == "custody"
    felon_detainer.refresh_from_db()
    assert felon_detainer.status == DetainerStatus.HONORED


def test_an_approved_override_permits_the_transfer_and_the_record_names_it(desk_officer, detainer):
    override = approved_override(detainer, [TRANSFER], "Judicial warrant signed by Judge Ruiz.")
    DecisionFactory(detainer=detainer, actions=[TRANSFER], rationale="Warrant on file.")
    custody_services.case_transfer(case=detainer.case, to_ice=True, at=timezone.now(), reason="Warrant",
                                   destination="", acting_user=desk_officer)  # fmt: skip
    assert IceAccess.objects.get().override == override


# --- telling ICE the release date: decision, then the head's review ((c)) --------------------


def test_telling_ice_the_release_date_is_refused_without_a_permitting_decision(desk_officer, detainer):
    DecisionFactory(detainer=detainer)  # declined
    with pytest.raises(ValidationError, match="does not include this"):
        record(detainer, desk_officer)
    assert not IceAccess.objects.exists()
    assert AuditEvent.objects.filter(action="ice.access_refused", outcome="denied").count() == 1


def test_a_release_date_answer_needs_the_agency_heads_review_first(desk_officer, felon_detainer, head):
    DecisionFactory(detainer=felon_detainer, actions=[NOTIFY], rationale="Class B.")
    with pytest.raises(ValidationError, match="head of the agency"):
        record(felon_detainer, desk_officer)
    review = head_reviews(felon_detainer, desk_officer, head)
    saved = record(felon_detainer, desk_officer)
    assert (saved.access_type, saved.notification_review, saved.notification_review.reviewed_by) == (
        "B", review, head,
    )  # fmt: skip


def test_a_head_who_says_do_not_answer_keeps_the_gate_closed(desk_officer, felon_detainer, head):
    DecisionFactory(detainer=felon_detainer, actions=[NOTIFY], rationale="Class B.")
    review = ice.notification_request_forward(detainer=felon_detainer, acting_user=desk_officer)
    with pytest.raises(ValidationError):
        ice.notification_request_review(review=review, outcome="do_not_answer", comments="", acting_user=head)
    ice.notification_request_review(review=review, outcome="do_not_answer", comments="Counsel says no.",
                                    acting_user=head)  # fmt: skip
    with pytest.raises(ValidationError, match="head of the agency"):
        record(felon_detainer, desk_officer)


def test_only_the_agency_head_reviews_a_notification_request(desk_officer, supervisor, felon_detainer):
    from django.core.exceptions import PermissionDenied

    review = ice.notification_request_forward(detainer=felon_detainer, acting_user=desk_officer)
    for user in (desk_officer, supervisor):
        with pytest.raises(PermissionDenied):
            ice.notification_request_review(review=review, outcome="answer", comments="", acting_user=user)


def test_logging_a_detainer_that_asks_for_notice_forwards_it_to_the_head(desk_officer, agency):
    from cases.detainers.services import detainer_log
    from tests.factories import CustodyCaseFactory
    from trustportal.notifications.models import Reminder

    case = CustodyCaseFactory(person__agency=agency, releasable_at=timezone.now() + dt.timedelta(hours=8))
    data = {"received_at": timezone.now(), "issued_on": timezone.localdate(), "request_notify": True}
    detainer = detainer_log(case=case, data=data, acting_user=desk_officer)
    review = detainer.notification_reviews.get()
    assert review.pending and review.forwarded_by == desk_officer
    assert Reminder.objects.filter(kind="head_review_waiting", recipient_role="Agency head").exists()


# --- interview and the other types ----------------------------------------------------------


def test_an_interview_needs_a_decision_that_includes_it(desk_officer, felon_detainer):
    DecisionFactory(detainer=felon_detainer, actions=[NOTIFY], rationale="Class B.")
    with pytest.raises(ValidationError, match="does not include this"):
        record(felon_detainer, desk_officer, access_type=AccessType.INTERVIEW)


def test_answering_the_detainer_needs_a_recorded_decision(desk_officer, detainer):
    with pytest.raises(ValidationError, match="No decision is recorded"):
        record(detainer, desk_officer, access_type=AccessType.RESPOND)
    DecisionFactory(detainer=detainer)
    assert record(detainer, desk_officer, access_type=AccessType.RESPOND).access_type == "A"


def test_access_through_other_means_needs_no_open_detainer(desk_officer, agency):
    from tests.factories import CustodyCaseFactory

    case = CustodyCaseFactory(person__agency=agency)
    data = access(
        access_type=AccessType.NON_PUBLIC_INFO, communication="ICE asked for his home address; gave it."
    )
    saved = ice.ice_access_record(case=case, detainer=None, data=data, acting_user=desk_officer)
    assert (saved.basis, saved.detainer) == ("other", None)
    DetainerFactory(case=case)
    with pytest.raises(ValidationError, match="awaiting an outcome"):
        ice.ice_access_record(case=case, detainer=None, data=data, acting_user=desk_officer)


# --- the page -------------------------------------------------------------------------------


def test_the_page_refuses_with_the_reason_and_a_link_to_the_decision_screen(
    client, sign_in, desk_officer, detainer
):
    sign_in(desk_officer)
    data = {**access(), "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    page = client.post(f"/cases/detainers/{detainer.pk}/ice-access/new/", data).content.decode()
    assert "No decision is recorded for this detainer" in page
    assert f'href="/cases/detainers/{detainer.pk}/decision/"' in page
    assert not IceAccess.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"access_type": ""}, "Choose the type of access."),
        ({"staff_minutes": ""}, "Enter the staff minutes it took"),
        ({"communication": ""}, "Say what was asked and what was said or sent."),
        ({"at": "2099-01-01T10:00"}, "The time cannot be in the future."),
    ],
)
def test_bad_input_gets_a_plain_message_and_saves_nothing(
    client, sign_in, desk_officer, detainer, change, message
):
    sign_in(desk_officer)
    data = {**access(), "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), **change}
    page = client.post(f"/cases/detainers/{detainer.pk}/ice-access/new/", data).content.decode()
    assert message in page and not IceAccess.objects.exists()


def test_the_gate_panel_says_what_is_allowed_now(client, sign_in, desk_officer, felon_detainer):
    DecisionFactory(detainer=felon_detainer, actions=[TRANSFER], rationale="Class B.")
    sign_in(desk_officer)
    page = client.get(f"/cases/detainers/{felon_detainer.pk}/ice-gate/", headers={"HX-Request": "true"})
    html = page.content.decode()
    assert html.count("Allowed</span>") == 1 and "does not include this" in html


def test_another_agencys_records_are_404(client, sign_in, other_officer, detainer):
    sign_in(other_officer)
    for url in (f"/cases/detainers/{detainer.pk}/ice-gate/", f"/cases/detainers/{detainer.pk}/overrides/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/cases/detainers/{detainer.pk}/ice-access/new/", access()).status_code == 404


# --- refusals in the services' own words ------------------------------------------------------


def test_roles_that_may_not_record_access_get_403(auditor, trainer, detainer):
    from django.core.exceptions import PermissionDenied

    for user in (auditor, trainer):
        with pytest.raises(PermissionDenied):
            record(detainer, user)
        with pytest.raises(PermissionDenied):
            ice.notification_request_forward(detainer=detainer, acting_user=user)
        with pytest.raises(PermissionDenied):
            ice.override_request_create(detainer=detainer, actions=["hold"], reason="x", acting_user=user)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"access_type": "Z"}, "Choose the type of access."),
        ({"communication": "  "}, "Say what was asked"),
        ({"at": None}, "Enter when it happened."),
        ({"at": timezone.now() + dt.timedelta(hours=1)}, "cannot be in the future"),
        ({"at": timezone.now() - dt.timedelta(days=400)}, "before this booking"),
    ],
)
def test_the_service_refuses_bad_fields(desk_officer, detainer, change, message):
    with pytest.raises(ValidationError, match=message):
        record(detainer, desk_officer, **change)
    assert not IceAccess.objects.exists()


def test_a_cancelled_detainer_allows_no_access(desk_officer, detainer):
    detainer.status = DetainerStatus.CANCELLED
    detainer.save()
    with pytest.raises(ValidationError, match="cancelled"):
        record(detainer, desk_officer, access_type=AccessType.RESPOND)


@pytest.mark.parametrize(("actions", "reason"), [([], "x"), (["decline"], "x"), (["hold"], " ")])
def test_an_override_request_needs_actions_other_than_decline_and_a_reason(
    desk_officer, detainer, actions, reason
):
    with pytest.raises(ValidationError):
        ice.override_request_create(
            detainer=detainer, actions=actions, reason=reason, acting_user=desk_officer
        )


def test_the_gate_says_notice_waits_for_the_head(client, sign_in, desk_officer, felon_detainer, head):
    DecisionFactory(detainer=felon_detainer, actions=[NOTIFY], rationale="Class B.")
    sign_in(desk_officer)
    url = f"/cases/detainers/{felon_detainer.pk}/ice-gate/"
    assert "Waiting for the agency head" in client.get(url, headers={"HX-Request": "true"}).content.decode()
    head_reviews(felon_detainer, desk_officer, head)
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Waiting for the agency head" not in html and html.count("Allowed</span>") == 1
