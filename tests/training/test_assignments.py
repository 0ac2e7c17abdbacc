"""Assignments: members, My training, and the reminders before and after the due date."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.training.conftest import right_answers
from training.models import Assignment, AssignmentMember
from training.reminders import TrainingReminderKind as ReminderKind
from training.services import assignment_create, assignment_members_join, attempt_start, attempt_submit
from trustportal.accounts.roles import Role
from trustportal.notifications.models import Reminder, ReminderStatus
from trustportal.notifications.sweep import reminders_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def due():
    return timezone.now() + dt.timedelta(days=7)


def test_a_trainer_assigns_a_quiz_to_a_role(sign_in, trainer, desk_officer, supervisor, quiz, due):
    client = sign_in(trainer)
    post = {
        "quiz": quiz.pk,
        "target": "role",
        "role": Role.DESK_OFFICER,
        "due_at": timezone.localtime(due).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(reverse("training:assignment_create"), post, follow=True)
    assert "Quiz assigned." in response.content.decode()
    assignment = Assignment.objects.get()
    assert list(assignment.members.values_list("user", flat=True)) == [desk_officer.pk]
    assert assignment.assigned_by == trainer


def test_it_assigns_to_named_staff_or_the_whole_agency(trainer, desk_officer, supervisor, auditor, quiz, due):
    named = assignment_create(
        agency=trainer.agency, quiz=quiz, target="users", users=[supervisor], due_at=due, acting_user=trainer
    )
    assert set(named.members.values_list("user", flat=True)) == {supervisor.pk}
    everyone = assignment_create(
        agency=trainer.agency, quiz=quiz, target="agency", due_at=due, acting_user=trainer
    )
    members = set(everyone.members.values_list("user", flat=True))
    assert members == {trainer.pk, desk_officer.pk, supervisor.pk}  # the auditor takes no training


def test_it_refuses_a_past_due_date_and_staff_of_another_agency(sign_in, trainer, quiz, other_officer):
    client = sign_in(trainer)
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("training:assignment_create"), {"quiz": quiz.pk, "target": "agency", "due_at": past}
    )
    assert "The due date must be in the future." in response.content.decode()
    future = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("training:assignment_create"),
        {"quiz": quiz.pk, "target": "users", "users": [other_officer.pk], "due_at": future},
    )
    assert response.status_code == 200 and not Assignment.objects.exists()


def test_it_schedules_reminders_before_and_after_the_due_date(trainer, desk_officer, quiz, due):
    assignment = assignment_create(
        agency=trainer.agency,
        quiz=quiz,
        target="users",
        users=[desk_officer],
        due_at=due,
        acting_user=trainer,
    )
    reminders = Reminder.objects.filter(target_type="training.assignment", target_id=assignment.pk)
    officer = reminders.filter(recipient_user=desk_officer)
    assert sorted(officer.filter(kind=ReminderKind.TRAINING_DUE).values_list("due_at", flat=True)) == [
        due - dt.timedelta(days=3),
        due - dt.timedelta(days=1),
    ]
    assert officer.get(kind=ReminderKind.TRAINING_OVERDUE).due_at == due
    to_trainer = reminders.get(recipient_user=trainer)
    assert to_trainer.kind == ReminderKind.TRAINING_OVERDUE and desk_officer.last_name in to_trainer.title
    due_key = f"{(due - dt.timedelta(days=1)).astimezone(dt.UTC):%Y%m%dT%H%M}"
    assert officer.filter(dedupe_key=f"training_due:a{assignment.pk}:u{desk_officer.pk}:{due_key}").exists()


def test_passing_completes_the_assignment_and_cancels_its_reminders(
    sign_in, trainer, desk_officer, quiz, due
):
    assignment = assignment_create(
        agency=trainer.agency,
        quiz=quiz,
        target="users",
        users=[desk_officer],
        due_at=due,
        acting_user=trainer,
    )
    client = sign_in(desk_officer)
    attempt = attempt_start(quiz=quiz, acting_user=desk_officer)
    client.post(
        reverse("training:attempt_take", args=[attempt.pk]), {**right_answers(attempt), "submit": "1"}
    )
    member = AssignmentMember.objects.get(assignment=assignment)
    assert member.completed_at and member.attempt_id == attempt.pk
    reminders = Reminder.objects.filter(target_type="training.assignment", target_id=assignment.pk)
    assert set(reminders.values_list("status", flat=True)) == {ReminderStatus.CANCELLED}


def test_passing_cancels_only_the_passers_reminders_also_the_trainers_about_them(
    trainer, desk_officer, agency, quiz, due
):
    colleague = UserFactory(agency=agency, roles=[Role.DESK_OFFICER])
    assignment = assignment_create(
        agency=agency, quiz=quiz, target="users", users=[desk_officer, colleague], due_at=due,
        acting_user=trainer,
    )  # fmt: skip
    mine, theirs = (
        AssignmentMember.objects.get(assignment=assignment, user=u) for u in (desk_officer, colleague)
    )
    reminders = Reminder.objects.filter(target_type="training.assignment", target_id=assignment.pk)
    assert set(reminders.values_list("group_key", flat=True)) == {
        f"training.assignmentmember:{mine.pk}",
        f"training.assignmentmember:{theirs.pk}",
    }
    about_me = reminders.filter(group_key=f"training.assignmentmember:{mine.pk}")
    assert about_me.count() == 4 and about_me.filter(recipient_user=trainer).exists()

    attempt = attempt_start(quiz=quiz, acting_user=desk_officer)
    attempt_submit(
        attempt=attempt,
        responses={a.position: {"choices": a.question_version.correct} for a in attempt.answers.all()},
        acting_user=desk_officer,
    )
    assert set(about_me.values_list("status", "cancelled_reason")) == {
        (ReminderStatus.CANCELLED, "training passed")
    }
    assert set(reminders.exclude(pk__in=about_me).values_list("status", flat=True)) == {
        ReminderStatus.SCHEDULED
    }


def test_the_sweep_does_not_remind_a_taker_who_passed_by_other_means(trainer, desk_officer, quiz):
    import time_machine

    due = timezone.now() + dt.timedelta(hours=2)
    assignment = assignment_create(
        agency=trainer.agency,
        quiz=quiz,
        target="users",
        users=[desk_officer],
        due_at=due,
        acting_user=trainer,
    )
    AssignmentMember.objects.filter(assignment=assignment).update(completed_at=timezone.now())
    with time_machine.travel(due + dt.timedelta(minutes=1)):
        assert reminders_sweep() == {"sent": 0, "cancelled": 2, "failed": 0}
    assert set(Reminder.objects.values_list("cancelled_reason", flat=True)) == {"training passed"}


def test_the_sweep_delivers_an_overdue_reminder_to_officer_and_trainer(trainer, desk_officer, quiz):
    import time_machine

    due = timezone.now() + dt.timedelta(hours=2)
    assignment_create(
        agency=trainer.agency,
        quiz=quiz,
        target="users",
        users=[desk_officer],
        due_at=due,
        acting_user=trainer,
    )
    with time_machine.travel(due + dt.timedelta(minutes=1)):
        assert reminders_sweep()["sent"] == 2
    assert desk_officer.notifications.get().title.startswith("Training overdue")
    assert trainer.notifications.get().title.startswith("Overdue:")


def test_my_training_lists_due_overdue_and_passed(sign_in, trainer, desk_officer, quiz, module):
    from tests.factories import QuizFactory, ScenarioQuestionFactory

    second = QuizFactory(module=module, title="Refresher", questions=[ScenarioQuestionFactory(module=module)])
    import time_machine

    with time_machine.travel(timezone.now() - dt.timedelta(days=10)):
        assignment_create(
            agency=trainer.agency,
            quiz=second,
            target="users",
            users=[desk_officer],
            due_at=timezone.now() + dt.timedelta(days=2),
            acting_user=trainer,
        )
    assignment_create(
        agency=trainer.agency,
        quiz=quiz,
        target="users",
        users=[desk_officer],
        due_at=timezone.now() + dt.timedelta(days=5),
        acting_user=trainer,
    )
    client = sign_in(desk_officer)
    html = client.get(reverse("training:home")).content.decode()
    overdue = html.split('data-testid="training-overdue"')[1].split("</section>")[0]
    due = html.split('data-testid="training-due"')[1].split("</section>")[0]
    assert "Refresher" in overdue and "Trust Act quiz" in due
    attempt = attempt_start(quiz=quiz, acting_user=desk_officer)
    client.post(
        reverse("training:attempt_take", args=[attempt.pk]), {**right_answers(attempt), "submit": "1"}
    )
    html = client.get(reverse("training:home")).content.decode()
    passed = html.split('data-testid="training-passed"')[1].split("</section>")[0]
    assert "Trust Act quiz" in passed and "Certificate" in html


def test_an_old_assignment_reaches_new_staff_only_through_a_join(trainer, desk_officer, quiz, due, agency):
    """Creating a user row adds nothing by itself; staff_create, staff_update and My training
    join them (tests/training/test_reach_and_compliance.py)."""
    assignment = assignment_create(
        agency=agency, quiz=quiz, target="role", role=Role.DESK_OFFICER, due_at=due, acting_user=trainer
    )
    newcomer = UserFactory(agency=agency, roles=[Role.DESK_OFFICER])
    assert assignment.members.count() == 1
    assignment_members_join(user=newcomer, acting_user=newcomer)
    assert assignment.members.count() == 2
