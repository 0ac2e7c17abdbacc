"""Issue 13's training items: assignments reach staff who join later, a draft module's quiz is
refused in plain words, one definition of the certificate that counts, the notice on the
decision screen, and the supervisors' view of their staff's training."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CustodyCaseFactory, DetainerDocumentFactory, PersonFactory, UserFactory
from tests.training.test_certificates import _pass
from training.models import Assignment, AssignmentMember, ModuleStatus, TrainingSettings
from training.reminders import TrainingReminderKind
from training.selectors import decision_training_refusal, officers_for_report
from training.services import assignment_create
from trustportal.accounts.models import User
from trustportal.accounts.roles import Role
from trustportal.audit.models import AuditEvent
from trustportal.notifications.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def due():
    return timezone.now() + dt.timedelta(days=7)


def _to_role(agency, quiz, trainer, due, role=Role.DESK_OFFICER):
    return assignment_create(
        agency=agency, quiz=quiz, target="role", role=role, due_at=due, acting_user=trainer
    )


NEW_STAFF = {
    "first_name": "Nia",
    "last_name": "Okafor",
    "email": "nia@example.test",
    "badge_number": "",
    "is_active": "on",
    "password": "a-long-passphrase-for-nia",
}


# --- an assignment to a role or the whole agency reaches staff who join later ----------------------


def test_a_desk_officer_created_after_a_role_assignment_receives_it(
    sign_in, agency, agency_admin, trainer, desk_officer, quiz, due
):
    assignment = _to_role(agency, quiz, trainer, due)
    sign_in(agency_admin).post(
        "/accounts/staff/new/", {**NEW_STAFF, "username": "nia", "roles": [Role.DESK_OFFICER]}
    )
    nia = User.objects.get(username="nia")
    assert set(assignment.members.values_list("user", flat=True)) == {desk_officer.pk, nia.pk}
    assert Reminder.objects.filter(recipient_user=nia, kind=TrainingReminderKind.TRAINING_DUE).exists()
    joined = AuditEvent.objects.get(action="training.assignment.join")
    assert joined.actor == agency_admin and joined.details["assignments"] == [assignment.pk]


def test_someone_given_the_role_later_receives_it_and_other_roles_do_not(
    sign_in, agency, agency_admin, trainer, desk_officer, supervisor, quiz, due
):
    to_desk = _to_role(agency, quiz, trainer, due)
    data = {**NEW_STAFF, "username": supervisor.username, "roles": [Role.SUPERVISOR]}
    data.pop("password")
    client = sign_in(agency_admin)
    client.post(f"/accounts/staff/{supervisor.pk}/", data)
    assert not to_desk.members.filter(user=supervisor).exists()  # a supervisor is not a desk officer
    client.post(f"/accounts/staff/{supervisor.pk}/", {**data, "roles": [Role.SUPERVISOR, Role.DESK_OFFICER]})
    assert to_desk.members.filter(user=supervisor).exists()
    client.post(f"/accounts/staff/{supervisor.pk}/", {**data, "roles": [Role.SUPERVISOR, Role.DESK_OFFICER]})
    assert to_desk.members.filter(user=supervisor).count() == 1  # saving again adds nobody twice


def test_my_training_shows_an_agency_assignment_to_staff_made_elsewhere(
    sign_in, agency, trainer, desk_officer, quiz, due
):
    assignment_create(agency=agency, quiz=quiz, target="agency", due_at=due, acting_user=trainer)
    newcomer = UserFactory(agency=agency, roles=[Role.DESK_OFFICER])  # e.g. made in the Django admin
    html = sign_in(newcomer).get(reverse("training:home")).content.decode()
    assert "Trust Act quiz" in html.split('data-testid="training-due"')[1].split("</section>")[0]
    assert AssignmentMember.objects.filter(user=newcomer).count() == 1


def test_past_due_draft_and_other_agency_assignments_are_not_joined(
    sign_in, agency, trainer, quiz, due, other_quiz, other_agency
):
    UserFactory(agency=agency, roles=[Role.DESK_OFFICER])  # someone must receive each assignment
    past_due = assignment_create(
        agency=agency, quiz=quiz, target="agency", due_at=timezone.now() + dt.timedelta(minutes=5),
        acting_user=trainer,
    )  # fmt: skip
    Assignment.objects.filter(pk=past_due.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    theirs_trainer = UserFactory(agency=other_agency, roles=[Role.TRAINER])
    assignment_create(
        agency=other_agency, quiz=other_quiz, target="agency", due_at=due, acting_user=theirs_trainer
    )
    newcomer = UserFactory(agency=agency, roles=[Role.DESK_OFFICER])
    sign_in(newcomer).get(reverse("training:home"))
    assert not AssignmentMember.objects.filter(user=newcomer).exists()
    assert not AuditEvent.objects.filter(action="training.assignment.join").exists()


def test_listing_my_training_joins_many_assignments_in_a_fixed_number_of_queries(
    sign_in, agency, trainer, desk_officer, quiz, due, django_assert_max_num_queries
):
    for days in range(10):
        _to_role(agency, quiz, trainer, due + dt.timedelta(days=days))
    newcomer = UserFactory(agency=agency, roles=[Role.DESK_OFFICER])
    client = sign_in(newcomer)
    client.get(reverse("training:home"))
    assert AssignmentMember.objects.filter(user=newcomer).count() == 10
    with django_assert_max_num_queries(12):  # once joined, listing adds one query
        assert client.get(reverse("training:home")).status_code == 200


# --- a quiz of a draft module -----------------------------------------------------------------------


def test_assigning_a_quiz_of_a_draft_module_says_why_it_cannot(sign_in, trainer, quiz, due):
    quiz.module.status = ModuleStatus.DRAFT
    quiz.module.save()
    client = sign_in(trainer)
    page = client.get(reverse("training:module_manage", args=[quiz.module.pk])).content.decode()
    assert "Publish the module to assign this quiz" in page and 'data-testid="assign-quiz"' not in page
    page = client.get(reverse("training:assignment_create") + f"?quiz={quiz.pk}").content.decode()
    assert "still a draft" in page and "Publish the module first" in page
    response = client.post(
        reverse("training:assignment_create"),
        {"quiz": quiz.pk, "target": "agency", "due_at": timezone.localtime(due).strftime("%Y-%m-%dT%H:%M")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "still a draft" in html and "Select a valid choice" not in html
    assert not Assignment.objects.exists()


# --- one definition of the certificate that counts --------------------------------------------------


def test_the_gate_and_the_trainers_report_agree_on_which_certificate_counts(
    sign_in, agency, trainer, desk_officer, quiz
):
    TrainingSettings.objects.create(agency=agency, require_certificate_for_decisions=True)
    quiz.module.counts_for_decisions = False
    quiz.module.save()
    _pass(quiz, desk_officer)
    report = sign_in(trainer).get(reverse("training:report_officers")).content.decode()
    officer = officers_for_report(agency).get(pk=desk_officer.pk)
    assert decision_training_refusal(desk_officer) and officer.certified_until is None
    assert 'data-testid="has-certificate"' not in report
    quiz.module.counts_for_decisions = True
    quiz.module.save()
    report = sign_in(trainer).get(reverse("training:report_officers")).content.decode()
    officer = officers_for_report(agency).get(pk=desk_officer.pk)
    assert decision_training_refusal(desk_officer) == "" and officer.certified_until is not None
    assert 'data-testid="has-certificate"' in report


# --- the notice on the decision screen --------------------------------------------------------------


@pytest.fixture
def detainer(agency):
    case = CustodyCaseFactory(
        person=PersonFactory(agency=agency), releasable_at=timezone.now() + dt.timedelta(hours=3)
    )
    return DetainerDocumentFactory(detainer__case=case).detainer


def _screen(client, detainer):
    return client.get(f"/cases/detainers/{detainer.pk}/decision/").content.decode()


def test_the_decision_screen_warns_a_desk_officer_without_a_certificate_above_the_form(
    sign_in, agency, desk_officer, detainer, quiz, django_assert_max_num_queries
):
    TrainingSettings.objects.create(agency=agency, require_certificate_for_decisions=True)
    client = sign_in(desk_officer)
    _screen(client, detainer)  # builds the catalogue cache
    with django_assert_max_num_queries(12):  # the screen's budget (DESIGN §10), with its form
        html = _screen(client, detainer)
    assert 'data-testid="decision-gate-notice"' in html
    assert html.index('data-testid="decision-gate-notice"') < html.index('data-testid="decision-form"')
    assert "Trust Act training certificate" in html
    _pass(quiz, desk_officer)
    assert 'data-testid="decision-gate-notice"' not in _screen(client, detainer)


def test_no_notice_for_a_supervisor_or_when_the_agency_does_not_require_it(
    client, sign_in, agency, desk_officer, supervisor, detainer
):
    assert 'data-testid="decision-gate-notice"' not in _screen(sign_in(desk_officer), detainer)
    TrainingSettings.objects.create(agency=agency, require_certificate_for_decisions=True)
    client.logout()
    assert 'data-testid="decision-gate-notice"' not in _screen(sign_in(supervisor), detainer)


# --- supervisors see their staff's training ---------------------------------------------------------


def test_a_supervisor_sees_who_cannot_record_and_who_is_overdue(
    sign_in, agency, trainer, supervisor, desk_officer, quiz, other_officer
):
    TrainingSettings.objects.create(agency=agency, require_certificate_for_decisions=True)
    certified = UserFactory(agency=agency, roles=[Role.DESK_OFFICER], first_name="Cert", last_name="Ified")
    _pass(quiz, certified)
    late = assignment_create(
        agency=agency, quiz=quiz, target="users", users=[desk_officer],
        due_at=timezone.now() + dt.timedelta(minutes=5), acting_user=trainer,
    )  # fmt: skip
    Assignment.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(days=2))
    html = sign_in(supervisor).get(reverse("training:team_compliance")).content.decode()
    rows = {r.split("</td>")[0]: r for r in html.split('data-testid="team-row"')[1:]}
    officer_row = next(r for k, r in rows.items() if desk_officer.username in k)
    certified_row = next(r for k, r in rows.items() if certified.username in k)
    assert "Cannot record decisions" in officer_row and "1 overdue" in officer_row
    assert "Up to date" in certified_row and "valid until" in certified_row
    assert other_officer.username not in html  # another agency's staff
    assert 'data-testid="nav-team-training"' in html


@pytest.mark.parametrize("persona", ["desk_officer", "trainer", "auditor"])
def test_only_supervisors_and_agency_admins_open_it(sign_in, request, persona, agency_admin, client):
    assert (
        sign_in(request.getfixturevalue(persona)).get(reverse("training:team_compliance")).status_code == 403
    )
    client.logout()
    assert sign_in(agency_admin).get(reverse("training:team_compliance")).status_code == 200


@pytest.mark.parametrize("count", [1, 40])
def test_the_staff_training_page_has_a_fixed_number_of_queries(
    sign_in, agency, trainer, supervisor, quiz, count, django_assert_max_num_queries
):
    officers = [UserFactory(agency=agency, roles=[Role.DESK_OFFICER]) for _ in range(count)]
    assignment_create(
        agency=agency, quiz=quiz, target="role", role=Role.DESK_OFFICER,
        due_at=timezone.now() + dt.timedelta(days=3), acting_user=trainer,
    )  # fmt: skip
    _pass(quiz, officers[0])
    client = sign_in(supervisor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("training:team_compliance"))
    assert response.content.decode().count('data-testid="team-row"') == count + 2  # + trainer, supervisor
