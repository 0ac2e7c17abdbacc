"""Roles and agency scoping on training pages."""

import pytest
from django.urls import reverse

from tests.factories import ModuleFactory, QuizFactory, ScenarioQuestionFactory
from training.models import ModuleStatus
from training.services import attempt_start, attempt_submit

pytestmark = pytest.mark.django_db


def _trainer_pages(module, question, quiz):
    return [
        reverse("training:manage"),
        reverse("training:module_create"),
        reverse("training:module_manage", args=[module.pk]),
        reverse("training:module_edit", args=[module.pk]),
        reverse("training:question_bank", args=[module.pk]),
        reverse("training:question_create", args=[module.pk]),
        reverse("training:scenario_create", args=[module.pk]),
        reverse("training:question_detail", args=[question.pk]),
        reverse("training:question_edit", args=[question.pk]),
        reverse("training:quiz_create", args=[module.pk]),
        reverse("training:quiz_edit", args=[quiz.pk]),
        reverse("training:assignment_list"),
        reverse("training:assignment_create"),
        reverse("training:report_officers"),
        reverse("training:report_questions"),
        reverse("training:report_csv", args=["officers"]),
    ]


@pytest.mark.parametrize("persona", ["desk_officer", "supervisor", "agency_admin"])
def test_it_refuses_trainer_pages_to_officers(request, sign_in, persona, module, scenario_question, quiz):
    client = sign_in(request.getfixturevalue(persona))
    for url in _trainer_pages(module, scenario_question, quiz):
        assert client.get(url).status_code == 403, url


def test_an_officer_cannot_edit_or_create_questions(sign_in, desk_officer, module, scenario_question):
    client = sign_in(desk_officer)
    assert client.post(reverse("training:question_edit", args=[scenario_question.pk]), {}).status_code == 403
    assert client.post(reverse("training:scenario_create", args=[module.pk]), {}).status_code == 403
    assert scenario_question.versions.count() == 1


def test_an_auditor_cannot_take_training(sign_in, auditor, quiz):
    client = sign_in(auditor)
    assert client.get(reverse("training:home")).status_code == 403
    assert client.post(reverse("training:quiz_start", args=[quiz.pk])).status_code == 403


def test_a_trainer_sees_no_case_data(sign_in, trainer):
    client = sign_in(trainer)
    assert client.get("/cases/").status_code == 403
    assert client.get(reverse("cases:intake")).status_code == 403
    assert client.get(reverse("cases:catalogue_list")).status_code == 403
    assert client.get(reverse("training:manage")).status_code == 200


def test_the_nav_shows_training_by_role(sign_in, trainer, desk_officer, client):
    html = sign_in(trainer).get("/").content.decode()
    assert "My training" in html and "Training admin" in html
    client.logout()
    html = sign_in(desk_officer).get("/").content.decode()
    assert "My training" in html and "Training admin" not in html


def test_another_agencys_training_is_not_found(sign_in, trainer, desk_officer, other_quiz, other_officer):
    module = other_quiz.module
    question = module.questions.get()
    client = sign_in(trainer)
    for url in _trainer_pages(module, question, other_quiz)[2:11]:
        assert client.get(url).status_code == 404, url
    client = sign_in(desk_officer)
    assert client.get(reverse("training:module_detail", args=[module.pk])).status_code == 404
    assert client.get(reverse("training:quiz_detail", args=[other_quiz.pk])).status_code == 404
    assert client.post(reverse("training:quiz_start", args=[other_quiz.pk])).status_code == 404
    attempt = attempt_start(quiz=other_quiz, acting_user=other_officer)
    assert client.get(reverse("training:attempt_take", args=[attempt.pk])).status_code == 404
    attempt_submit(attempt=attempt, responses={1: {"choices": ["permitted"]}}, acting_user=other_officer)
    assert client.get(reverse("training:attempt_result", args=[attempt.pk])).status_code == 404
    certificate = attempt.certificate
    assert client.get(reverse("training:certificate_detail", args=[certificate.pk])).status_code == 404
    assert (
        sign_in(trainer).get(reverse("training:certificate_detail", args=[certificate.pk])).status_code == 404
    )


def test_a_colleagues_attempt_and_certificate_are_not_found(sign_in, desk_officer, supervisor, quiz, trainer):
    attempt = attempt_start(quiz=quiz, acting_user=supervisor)
    client = sign_in(desk_officer)
    assert client.get(reverse("training:attempt_take", args=[attempt.pk])).status_code == 404
    assert (
        client.post(reverse("training:attempt_take", args=[attempt.pk]), {"submit": "1"}).status_code == 404
    )
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_a_draft_module_is_hidden_from_officers(sign_in, desk_officer, agency):
    draft = ModuleFactory(agency=agency, status=ModuleStatus.DRAFT)
    quiz = QuizFactory(module=draft, questions=[ScenarioQuestionFactory(module=draft)])
    client = sign_in(desk_officer)
    assert client.get(reverse("training:module_detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("training:quiz_start", args=[quiz.pk])).status_code == 404
    assert draft.title not in client.get(reverse("training:home")).content.decode()
