"""The notices the law requires ((e)(1)): prepared with the detainer and with a release
notification to ICE, printed in the person's language (English or Spanish), served or
attempted, audited; an unserved notice reminds the desk and escalates to supervisors."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.detainers.services import detainer_log
from cases.ice import notices
from cases.ice import services as ice
from cases.models import CaseReminderKind as Kind
from cases.models import (
    DecisionAction,
    DeliveryMethod,
    DetainerNotice,
    NoticeKind,
    NoticeRecipient,
)
from tests.factories import ConvictionFactory, CustodyCaseFactory, DecisionFactory, UserFactory
from trustportal.audit.models import AuditEvent
from trustportal.notifications.models import Notification, Reminder, ReminderStatus
from trustportal.notifications.sweep import reminders_sweep

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 5, 4, 13, 0, tzinfo=dt.UTC)  # 09:00 in Hartford


def log(agency, officer, *, language="es", subject_id="1234567890", request_notify=False):
    case = CustodyCaseFactory(
        person__agency=agency,
        person__first_name="Ana",
        person__last_name="Lopez",
        person__preferred_language=language,
        releasable_at=timezone.now() + dt.timedelta(hours=10),
    )
    data = {
        "received_at": timezone.now(),
        "issued_on": timezone.localdate(),
        "subject_id": subject_id,
        "issuing_office": "ERO Hartford",
        "request_notify": request_notify,
    }
    return detainer_log(case=case, data=data, acting_user=officer)


def person_notice(detainer) -> DetainerNotice:
    return DetainerNotice.objects.get(detainer=detainer, kind=NoticeKind.DETAINER_RECEIVED)


def serve_data(**change):
    return {"served_at": timezone.now(), "delivery": DeliveryMethod.IN_HAND, "delivery_note": "", **change}


# --- prepared with the detainer, in the person's language ----------------------------------


def test_logging_a_detainer_prepares_the_persons_notice_in_their_language(agency, desk_officer):
    detainer = log(agency, desk_officer, language="es")
    notice = person_notice(detainer)
    assert (notice.recipient, notice.language, notice.served_at) == (NoticeRecipient.PERSON, "es", None)
    assert AuditEvent.objects.filter(action="notice.create", object_id=str(notice.pk)).exists()


def test_without_a_translation_the_notice_is_english_and_says_to_interpret(
    client, sign_in, agency, desk_officer
):
    detainer = log(agency, desk_officer, language="pt")
    notice = person_notice(detainer)
    assert notice.language == "en"
    sign_in(desk_officer)
    page = client.get(f"/cases/notices/{notice.pk}/print/").content.decode()
    assert "not yet translated into Portuguese. An interpreter must read it to the person" in page


def test_a_notice_cannot_be_prepared_in_a_language_without_a_translation(agency, desk_officer):
    detainer = log(agency, desk_officer)
    with pytest.raises(ValidationError, match="English and Spanish only"):
        notices.notice_prepare(
            detainer=detainer,
            data={"kind": NoticeKind.DETAINER_RECEIVED, "recipient": "person", "language": "pt"},
            acting_user=desk_officer,
        )


# --- printed: Spanish, the detainer's copy, the intent, audited ----------------------------


def test_the_spanish_notice_before_a_decision_says_the_agency_has_not_decided(
    client, sign_in, agency, desk_officer
):
    detainer = log(agency, desk_officer, subject_id="SUBJ-77")
    notice = person_notice(detainer)
    sign_in(desk_officer)
    response = client.get(f"/cases/notices/{notice.pk}/print/")
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Aviso de una orden de detención de inmigración" in page
    assert "todavía no ha decidido si cumplirá" in page
    assert "SUBJ-77" in page and "Hartford Police Department" in page and "ERO Hartford" in page
    assert "Firma del oficial que entregó este aviso" in page
    assert 'data-testid="print-button"' in page and "navbar" not in page  # a print page, no nav
    event = AuditEvent.objects.get(action="notice.print", object_id=str(notice.pk))
    assert event.actor == desk_officer
    notice.refresh_from_db()
    assert notice.printed_at is not None
    # the staff pages stay English
    assert "Not served on the person yet" in client.get(f"/cases/detainers/{detainer.pk}/").content.decode()


def test_a_declined_detainer_notice_says_the_agency_will_not_hold_or_tell_ice(
    client, sign_in, agency, desk_officer
):
    detainer = log(agency, desk_officer, language="en")
    DecisionFactory(detainer=detainer, recorded_by=desk_officer)
    sign_in(desk_officer)
    page = client.get(f"/cases/notices/{person_notice(detainer).pk}/print/").content.decode()
    assert "The agency does not intend to comply with the detainer." in page
    assert "The agency will not hold you for ICE" in page
    assert "The agency will not tell ICE when you are released." in page


def test_a_permitted_notice_only_decision_says_what_the_agency_will_do_and_why_in_spanish(
    client, sign_in, agency, desk_officer
):
    detainer = log(agency, desk_officer)
    ConvictionFactory(person=detainer.case.person, statute="53a-55")  # class B
    DecisionFactory(
        detainer=detainer, recorded_by=desk_officer, actions=[DecisionAction.NOTIFY], rationale="Class B."
    )
    sign_in(desk_officer)
    page = client.get(f"/cases/notices/{person_notice(detainer).pk}/print/").content.decode()
    assert "La agencia informará a ICE la fecha y la hora de su puesta en libertad." in page
    assert "La agencia no le retendrá para ICE" in page
    assert "una condena por un delito grave (felony) de clase A o B" in page


def test_printing_needs_a_role_that_serves_notices_and_another_agency_gets_404(
    client, sign_in, agency, desk_officer, auditor, other_agency
):
    notice = person_notice(log(agency, desk_officer))
    sign_in(auditor)
    assert client.get(f"/cases/notices/{notice.pk}/print/").status_code == 403
    stranger = UserFactory(agency=other_agency, roles=["Desk officer"])
    sign_in(stranger)
    assert client.get(f"/cases/notices/{notice.pk}/print/").status_code == 404
    assert client.get(f"/cases/notices/{notice.pk}/serve/").status_code == 404


# --- served: who, when, how; reminders until then -------------------------------------------


def test_serving_records_who_when_and_how_and_is_audited(client, sign_in, agency, desk_officer):
    notice = person_notice(log(agency, desk_officer))
    notices.notice_print(notice=notice, acting_user=desk_officer)
    sign_in(desk_officer)
    at = timezone.localtime().replace(second=0, microsecond=0)
    response = client.post(
        f"/cases/notices/{notice.pk}/serve/",
        {"served_at": at.strftime("%Y-%m-%dT%H:%M"), "delivery": "in_hand", "recipient": "person"},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.served_by, notice.served_at, notice.delivery) == (desk_officer, at, "in_hand")
    event = AuditEvent.objects.get(action="notice.serve", object_id=str(notice.pk))
    assert event.details["delivery"] == "in_hand"


def test_a_notice_is_printed_before_it_is_handed_over(agency, desk_officer):
    notice = person_notice(log(agency, desk_officer))
    with pytest.raises(ValidationError, match="Print the notice first"):
        notices.notice_serve(notice=notice, data=serve_data(), acting_user=desk_officer)


def test_bad_service_input_shows_a_message_and_changes_nothing(client, sign_in, agency, desk_officer):
    notice = person_notice(log(agency, desk_officer))
    notices.notice_print(notice=notice, acting_user=desk_officer)
    sign_in(desk_officer)
    future = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/cases/notices/{notice.pk}/serve/",
        {"served_at": future, "delivery": "in_hand", "recipient": "person"},
    )
    assert response.status_code == 200
    assert "The time cannot be in the future." in response.content.decode()
    response = client.post(f"/cases/notices/{notice.pk}/serve/", {"served_at": "", "recipient": "person"})
    assert "Enter when it was served." in response.content.decode()
    notice.refresh_from_db()
    assert notice.served_at is None
    assert not AuditEvent.objects.filter(action="notice.serve").exists()


def test_a_notice_served_once_cannot_be_served_again(agency, desk_officer):
    notice = person_notice(log(agency, desk_officer))
    notices.notice_print(notice=notice, acting_user=desk_officer)
    notices.notice_serve(notice=notice, data=serve_data(), acting_user=desk_officer)
    with pytest.raises(ValidationError, match="already recorded as served"):
        notices.notice_serve(notice=notice, data=serve_data(), acting_user=desk_officer)


def test_the_same_service_form_sent_twice_records_one_service(client, sign_in, agency, desk_officer):
    notice = person_notice(log(agency, desk_officer))
    notices.notice_print(notice=notice, acting_user=desk_officer)
    sign_in(desk_officer)
    post = {
        "served_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "delivery": "in_hand",
        "recipient": "person",
        "csrfmiddlewaretoken": "token-of-one-rendered-page",
    }
    first = client.post(f"/cases/notices/{notice.pk}/serve/", post)
    second = client.post(f"/cases/notices/{notice.pk}/serve/", post)
    assert first.status_code == second.status_code == 302
    assert AuditEvent.objects.filter(action="notice.serve").count() == 1


def test_an_unserved_notice_reminds_the_desk_then_escalates_until_served(agency, desk_officer, supervisor):
    with time_machine.travel(START, tick=False):
        detainer = log(agency, desk_officer)
        notice = person_notice(detainer)
    kinds = [Kind.NOTICE_UNSERVED, Kind.NOTICE_ESCALATION]
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        reminders_sweep()
    told = Notification.objects.filter(reminder__kind__in=kinds)
    assert [(n.user, n.reminder.kind) for n in told] == [(desk_officer, Kind.NOTICE_UNSERVED)]
    assert told.get().link == f"/cases/detainers/{detainer.pk}/#notices"
    with time_machine.travel(START + dt.timedelta(hours=2, minutes=1), tick=False):
        reminders_sweep()
    escalated = Notification.objects.filter(reminder__kind=Kind.NOTICE_ESCALATION)
    assert [n.user for n in escalated] == [supervisor]
    assert (
        escalated.get().title
        == "Escalation: the notice of the detainer not served on the detained person: Ana Lopez"
    )
    with time_machine.travel(START + dt.timedelta(hours=3), tick=False):
        notices.notice_print(notice=notice, acting_user=desk_officer)
        notices.notice_serve(notice=notice, data=serve_data(), acting_user=desk_officer)
    left = Reminder.objects.filter(kind__in=kinds, status=ReminderStatus.SCHEDULED)
    assert not left.exists()


def test_a_notice_served_by_other_means_is_not_reminded(agency, desk_officer):
    with time_machine.travel(START, tick=False):
        notice = person_notice(log(agency, desk_officer))
    DetainerNotice.objects.filter(pk=notice.pk).update(
        served_at=START, served_by=desk_officer, delivery="in_hand", printed_at=START
    )
    with time_machine.travel(START + dt.timedelta(hours=3), tick=False):
        reminders_sweep()
    due = Reminder.objects.filter(
        kind__in=[Kind.NOTICE_UNSERVED, Kind.NOTICE_ESCALATION], due_at__lte=START + dt.timedelta(hours=3)
    )
    assert set(due.values_list("cancelled_reason", flat=True)) == {"notice served"}
    assert not Notification.objects.filter(reminder__kind=Kind.NOTICE_UNSERVED).exists()


# --- when ICE is told of a release: copies for the person and the attorney ------------------


@pytest.fixture
def release_told(agency, desk_officer):
    """A permitted release notification to ICE (type B), after the agency head's review."""
    detainer = log(agency, desk_officer, language="es", request_notify=True)
    ConvictionFactory(person=detainer.case.person, statute="53a-55")  # class B
    DecisionFactory(
        detainer=detainer,
        recorded_by=desk_officer,
        actions=[DecisionAction.NOTIFY],
        rationale="Convicted of manslaughter in the first degree (class B): ICE may be told.",
    )
    head = UserFactory(agency=agency, roles=["Agency head"])
    review = detainer.notification_reviews.get()
    ice.notification_request_review(review=review, outcome="answer", comments="Checked.", acting_user=head)
    access = ice.ice_access_record(
        case=detainer.case,
        detainer=detainer,
        data={
            "access_type": "B",
            "at": timezone.now() - dt.timedelta(minutes=5),
            "method": "phone",
            "communication": "Told ERO Hartford the release is at 14:00 today.",
            "staff_minutes": 10,
        },
        acting_user=desk_officer,
    )
    return access


def test_telling_ice_of_a_release_prepares_copies_for_the_person_and_the_attorney(release_told):
    copies = DetainerNotice.objects.filter(ice_access=release_told, kind=NoticeKind.RELEASE_NOTIFIED)
    assert sorted(copies.values_list("recipient", "language")) == [("attorney", "es"), ("person", "es")]
    assert {c.decision_id for c in copies} == {release_told.decision_id}


def test_the_copy_gives_the_notification_and_the_written_reason(client, sign_in, desk_officer, release_told):
    copy = DetainerNotice.objects.get(ice_access=release_told, recipient="attorney")
    sign_in(desk_officer)
    page = client.get(f"/cases/notices/{copy.pk}/print/").content.decode()
    assert "Told ERO Hartford the release is at 14:00 today." in page
    assert "Convicted of manslaughter in the first degree (class B): ICE may be told." in page
    assert "La razón escrita por la que la agencia cumple" in page
    assert "abogado/a de" in page and "por teléfono" in page


def test_a_good_faith_attempt_to_reach_the_attorney_needs_what_was_tried(desk_officer, release_told):
    copy = DetainerNotice.objects.get(ice_access=release_told, recipient="attorney")
    attempt = serve_data(delivery=DeliveryMethod.ATTEMPT, recipient_name="J. Rivera, Esq.")
    with pytest.raises(ValidationError, match="what was tried"):
        notices.notice_serve(notice=copy, data=attempt, acting_user=desk_officer)
    attempt["delivery_note"] = "Called the office of J. Rivera twice; voicemail left."
    notices.notice_serve(notice=copy, data=attempt, acting_user=desk_officer)
    copy.refresh_from_db()
    assert (copy.delivery, copy.recipient_name) == ("attempt", "J. Rivera, Esq.")


def test_the_attorneys_copy_names_the_attorney_before_it_is_served(desk_officer, release_told):
    copy = DetainerNotice.objects.get(ice_access=release_told, recipient="attorney")
    notices.notice_print(notice=copy, acting_user=desk_officer)
    with pytest.raises(ValidationError, match="Name the attorney"):
        notices.notice_serve(notice=copy, data=serve_data(recipient="attorney"), acting_user=desk_officer)


def test_the_detainer_page_lists_the_notices_with_their_state(client, sign_in, desk_officer, release_told):
    sign_in(desk_officer)
    panel = client.get(
        f"/cases/detainers/{release_told.detainer_id}/notices/", headers={"HX-Request": "true"}
    ).content.decode()
    assert panel.count('data-testid="notice-row"') == 3
    assert "Prepared, not printed" in panel and "Mark served" in panel


def test_preparing_another_notice_from_the_page(client, sign_in, agency, desk_officer):
    detainer = log(agency, desk_officer)
    sign_in(desk_officer)
    url = f"/cases/detainers/{detainer.pk}/notices/new/"
    response = client.post(url, {"kind": "detainer_received", "recipient": "attorney", "language": "en"})
    assert response.status_code == 302
    assert DetainerNotice.objects.filter(detainer=detainer).count() == 1  # refused: for the person only
    client.post(url, {"kind": "detainer_received", "recipient": "person", "language": "en"})
    assert DetainerNotice.objects.filter(detainer=detainer, language="en").count() == 1
