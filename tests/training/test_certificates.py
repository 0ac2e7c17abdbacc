"""Certificates, their expiry reminder, and the agency setting the decision screen checks."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from training.models import TrainingSettings
from training.reminders import TrainingReminderKind as ReminderKind
from training.selectors import certificate_required, decision_training_refusal, has_current_certificate
from training.services import attempt_start, attempt_submit
from trustportal.notifications.models import Reminder, ReminderStatus
from trustportal.notifications.sweep import reminders_sweep

pytestmark = pytest.mark.django_db


def _pass(quiz, user):
    attempt = attempt_start(quiz=quiz, acting_user=user)
    responses = {a.position: {"choices": a.question_version.correct} for a in attempt.answers.all()}
    return attempt_submit(attempt=attempt, responses=responses, acting_user=user)


def test_the_certificate_page_is_printable(sign_in, desk_officer, quiz):
    certificate = _pass(quiz, desk_officer).certificate
    html = (
        sign_in(desk_officer)
        .get(reverse("training:certificate_detail", args=[certificate.pk]))
        .content.decode()
    )
    assert "Certificate of completion" in html
    assert desk_officer.get_full_name() in html and quiz.module.title in html
    assert f"{timezone.localtime(certificate.expires_at):%d %b %Y}" in html
    assert "data-print" in html


def test_a_reminder_goes_out_30_days_before_expiry(desk_officer, quiz):
    certificate = _pass(quiz, desk_officer).certificate
    reminder = Reminder.objects.get(kind=ReminderKind.CERTIFICATE_EXPIRING)
    assert reminder.recipient_user == desk_officer
    assert reminder.due_at == certificate.expires_at - dt.timedelta(days=30)
    assert (reminder.target_type, reminder.target_id) == ("training.certificate", certificate.pk)


def test_renewing_cancels_the_old_expiry_reminder(desk_officer, quiz):
    _pass(quiz, desk_officer)
    _pass(quiz, desk_officer)
    statuses = Reminder.objects.filter(kind=ReminderKind.CERTIFICATE_EXPIRING).values_list(
        "status", flat=True
    )
    assert sorted(statuses) == [ReminderStatus.CANCELLED, ReminderStatus.SCHEDULED]


def test_the_sweep_skips_the_warning_of_a_certificate_renewed_by_other_means(desk_officer, quiz):
    first = _pass(quiz, desk_officer).certificate
    warning = Reminder.objects.get(target_type="training.certificate", target_id=first.pk)
    assert warning.group_key == f"training.certificate:{first.pk}"
    second = _pass(quiz, desk_officer).certificate
    Reminder.objects.filter(pk=warning.pk).update(status=ReminderStatus.SCHEDULED, cancelled_reason="")
    with time_machine.travel(second.expires_at):
        reminders_sweep()
    warning.refresh_from_db()
    assert (warning.status, warning.cancelled_reason) == (ReminderStatus.CANCELLED, "certificate renewed")
    renewed = Reminder.objects.get(target_type="training.certificate", target_id=second.pk)
    assert renewed.status == ReminderStatus.SENT


def test_a_current_trust_act_certificate(desk_officer, quiz):
    assert not has_current_certificate(desk_officer)
    _pass(quiz, desk_officer)
    assert has_current_certificate(desk_officer)
    with time_machine.travel(timezone.now() + dt.timedelta(days=366)):
        assert not has_current_certificate(desk_officer)


def test_a_certificate_for_another_module_does_not_count(desk_officer, quiz):
    quiz.module.counts_for_decisions = False
    quiz.module.save()
    _pass(quiz, desk_officer)
    assert not has_current_certificate(desk_officer)


def test_the_agency_setting_gates_desk_officers_only(
    sign_in, agency, trainer, desk_officer, supervisor, quiz
):
    assert not certificate_required(agency)
    assert decision_training_refusal(desk_officer) == ""
    response = sign_in(trainer).post(
        reverse("training:settings"), {"require_certificate_for_decisions": "on"}
    )
    assert response.status_code == 302
    assert certificate_required(agency)
    assert TrainingSettings.objects.get(agency=agency).updated_by == trainer
    assert "Trust Act training certificate" in decision_training_refusal(desk_officer)
    assert decision_training_refusal(supervisor) == ""
    _pass(quiz, desk_officer)
    assert decision_training_refusal(desk_officer) == ""


def test_an_agency_admin_may_change_the_setting_and_an_officer_may_not(
    sign_in, agency_admin, desk_officer, client
):
    assert sign_in(agency_admin).get(reverse("training:settings")).status_code == 200
    client.logout()
    assert sign_in(desk_officer).post(reverse("training:settings"), {}).status_code == 403
