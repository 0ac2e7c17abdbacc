"""Moving the reminders to the notifications app keeps every row. On a database that has
reminders with foreign keys to a case, a detainer and a decision, migrating turns them into
targets and groups (and migrating back restores the foreign keys); the rows then behave like
new ones: cancelling a case's group stops them, passing training stops a taker's."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from cases.custody.services import case_release
from cases.detainers.services import detainer_log
from cases.models import DecisionAction
from tests.factories import (
    CustodyCaseFactory,
    ModuleFactory,
    QuizFactory,
    ScenarioQuestionFactory,
    UserFactory,
    ensure_role_groups,
    record_decision,
)
from tests.migrating import migrate
from training.services import assignment_create
from trustportal.accounts.roles import Role
from trustportal.notifications.models import Reminder, ReminderStatus

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE_THE_MOVE = ("cases", "0007_created_by_blank")


def plan_some_reminders():
    ensure_role_groups()
    officer = UserFactory(roles=[Role.DESK_OFFICER])
    case = CustodyCaseFactory(
        person__agency=officer.agency, releasable_at=timezone.now() + dt.timedelta(hours=1)
    )
    data = {"received_at": timezone.now(), "issued_on": timezone.localdate(), "pc_final_order": True}
    detainer = detainer_log(case=case, data=data, acting_user=officer)
    # The notices' reminders (cases.detainernotice) came long after the move tested here.
    Reminder.objects.filter(target_type="cases.detainernotice").delete()
    decision = record_decision(
        detainer=detainer, actions=[DecisionAction.HOLD], rationale="ICE asked to hold; warrant on file.",
        override_reason="A judge's warrant was faxed.", person_informed=True, acting_user=officer,
    )  # fmt: skip
    module = ModuleFactory(agency=officer.agency)
    quiz = QuizFactory(module=module, questions=[ScenarioQuestionFactory(module=module)])
    assignment = assignment_create(
        agency=officer.agency, quiz=quiz, target="users", users=[officer],
        due_at=timezone.now() + dt.timedelta(days=7), acting_user=UserFactory(agency=officer.agency),
    )  # fmt: skip
    return officer, case, detainer, decision, assignment


def old_columns() -> dict[str, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT dedupe_key, case_id, detainer_id, decision_id, target_type FROM cases_reminder"
        )
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def test_existing_reminders_keep_their_rows_and_get_targets_and_groups():
    officer, case, detainer, decision, assignment = plan_some_reminders()
    expected = {r.dedupe_key: (r.target_type, r.target_id, r.group_key) for r in Reminder.objects.all()}
    assert {t for t, _, _ in expected.values()} == {"cases.detainer", "cases.decision", "training.assignment"}
    try:
        old = migrate(BEFORE_THE_MOVE)
        columns = old_columns()
        for key, (target_type, _, _) in expected.items():
            if target_type == "cases.detainer":
                assert columns[key] == (case.pk, detainer.pk, None, "")
            elif target_type == "cases.decision":
                assert columns[key] == (case.pk, detainer.pk, decision.pk, "")
            else:
                assert columns[key] == (None, None, None, "training.assignment")
        OldReminder = old.get_model("cases", "Reminder")
        OldReminder.objects.create(
            agency_id=case.agency_id, kind="releasable_missing", due_at=timezone.now(),
            recipient_role="Desk officer", title="Enter the release time", case_id=case.pk,
            dedupe_key="old:case-only",
        )  # fmt: skip
    finally:
        migrate()

    rows = {r.dedupe_key: (r.target_type, r.target_id, r.group_key) for r in Reminder.objects.all()}
    assert rows == expected | {
        "old:case-only": ("cases.custodycase", case.pk, f"cases.custodycase:{case.pk}")
    }

    case_release(case=case, at=timezone.now(), reason="Bond posted.", acting_user=officer)
    stopped = Reminder.objects.filter(group_key=f"cases.custodycase:{case.pk}").exclude(kind="review_waiting")
    assert set(stopped.values_list("status", flat=True)) == {ReminderStatus.CANCELLED}
    member = assignment.members.get()
    training = Reminder.objects.filter(target_type="training.assignment")
    assert set(training.values_list("group_key", flat=True)) == {f"training.assignmentmember:{member.pk}"}
