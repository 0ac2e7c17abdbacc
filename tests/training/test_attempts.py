"""Taking a quiz: start, resume, answers hidden, scored once on the server, time and attempt limits."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import QuestionFactory, QuizFactory
from tests.training.conftest import right_answers, wrong_answers
from training.models import Attempt, AttemptAnswer, Certificate, QuestionKind
from training.services import attempt_start, question_update
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _start(client, quiz):
    response = client.post(reverse("training:quiz_start", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.filter(quiz=quiz).latest("pk")


def _take_url(attempt):
    return reverse("training:attempt_take", args=[attempt.pk])


def test_it_starts_an_attempt_and_shows_the_questions(sign_in, desk_officer, quiz):
    client = sign_in(desk_officer)
    attempt = _start(client, quiz)
    assert attempt.user == desk_officer and attempt.number == 1
    response = client.get(_take_url(attempt))
    assert response.status_code == 200
    html = response.content.decode()
    assert "May the agency hold this person for ICE on the detainer?" in html
    assert "§ 53a-55" in html  # the scenario's facts
    assert AuditEvent.objects.filter(action="training.attempt.start", actor=desk_officer).exists()


def test_the_take_page_never_contains_the_answers_or_explanations(sign_in, desk_officer, quiz):
    client = sign_in(desk_officer)
    attempt = _start(client, quiz)
    html = client.get(_take_url(attempt)).content.decode()
    assert "Only a warrant signed by a judicial officer counts." not in html  # the explanation
    assert "ct-2019.ab-felony" not in html  # the engine's trace
    assert "C.G.S. § 54-192h(b)(1)(A)" not in html  # citations shown after the attempt
    assert "correct" not in html.lower()
    assert "right answer" not in html.lower()
    assert 'value="permitted"' in html and 'value="prohibited"' in html and 'value="needs_review"' in html


def test_it_resumes_an_unfinished_attempt_with_the_saved_answers(sign_in, desk_officer, quiz):
    client = sign_in(desk_officer)
    attempt = _start(client, quiz)
    data = right_answers(attempt)
    first = next(iter(data))
    response = client.post(_take_url(attempt), {first: data[first], "save": "1"})
    assert response.status_code == 302
    assert _start(client, quiz).pk == attempt.pk  # starting again resumes
    html = client.get(_take_url(attempt)).content.decode()
    assert f'value="{data[first]}" ' in html and "checked" in html
    assert Attempt.objects.filter(quiz=quiz, user=desk_officer).count() == 1


def test_it_scores_on_the_server_and_issues_a_certificate_on_a_pass(sign_in, desk_officer, quiz):
    client = sign_in(desk_officer)
    attempt = _start(client, quiz)
    response = client.post(_take_url(attempt), {**right_answers(attempt), "submit": "1"})
    assert response.status_code == 302 and response["Location"].endswith("/result/")
    attempt.refresh_from_db()
    assert (attempt.score_percent, attempt.passed, attempt.correct_count) == (100, True, 2)
    certificate = Certificate.objects.get(attempt=attempt)
    assert certificate.expires_at - certificate.issued_at == dt.timedelta(days=365)
    result = client.get(response["Location"]).content.decode()
    assert "Passed" in result and "View your certificate" in result
    assert "ct-2019.ab-felony" in result  # the engine's trace, after submitting
    assert "Only a warrant signed by a judicial officer counts." in result


def test_a_wrong_answer_fails_and_shows_which_were_wrong(sign_in, desk_officer, quiz):
    client = sign_in(desk_officer)
    attempt = _start(client, quiz)
    client.post(_take_url(attempt), {**wrong_answers(attempt), "submit": "1"})
    attempt.refresh_from_db()
    assert (attempt.score_percent, attempt.passed) == (0, False)
    assert not Certificate.objects.exists()
    html = client.get(reverse("training:attempt_result", args=[attempt.pk])).content.decode()
    assert "Not passed" in html and html.count('data-testid="wrong-badge"') == 2


def test_a_second_submit_is_refused_and_changes_nothing(sign_in, desk_officer, quiz):
    client = sign_in(desk_officer)
    attempt = _start(client, quiz)
    client.post(_take_url(attempt), {**wrong_answers(attempt), "submit": "1"})
    attempt.refresh_from_db()
    before = (attempt.submitted_at, attempt.score_percent)
    response = client.post(_take_url(attempt), {**right_answers(attempt), "submit": "1"}, follow=True)
    assert "already submitted" in response.content.decode()
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score_percent) == before
    assert AuditEvent.objects.filter(action="training.attempt.submit").count() == 1


def test_an_answer_sent_after_the_time_limit_is_not_counted(sign_in, desk_officer, module, scenario_question):
    quiz = QuizFactory(module=module, questions=[scenario_question], time_limit_minutes=10)
    client = sign_in(desk_officer)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        attempt = _start(client, quiz)
        assert attempt.deadline_at == timezone.now() + dt.timedelta(minutes=10)
        clock.shift(dt.timedelta(minutes=11))
        assert "Time is up" in client.get(_take_url(attempt)).content.decode()
        client.post(_take_url(attempt), {**right_answers(attempt), "submit": "1"})
    attempt.refresh_from_db()
    assert attempt.late and attempt.score_percent == 0 and not attempt.passed
    assert AttemptAnswer.objects.get(attempt=attempt).response is None


def test_answers_saved_in_time_count_when_submitted_late(sign_in, desk_officer, module, scenario_question):
    quiz = QuizFactory(module=module, questions=[scenario_question], time_limit_minutes=10)
    client = sign_in(desk_officer)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        attempt = _start(client, quiz)
        client.post(_take_url(attempt), {**right_answers(attempt), "save": "1"})
        clock.shift(dt.timedelta(minutes=20))
        response = client.post(_take_url(attempt), {**wrong_answers(attempt), "save": "1"}, follow=True)
        assert "Time is up" in response.content.decode()
        client.post(_take_url(attempt), {**wrong_answers(attempt), "submit": "1"})
    attempt.refresh_from_db()
    assert attempt.late and attempt.passed and attempt.score_percent == 100


def test_the_attempt_limit_is_enforced_on_the_server(sign_in, desk_officer, module, scenario_question):
    quiz = QuizFactory(module=module, questions=[scenario_question], attempts_allowed=2)
    client = sign_in(desk_officer)
    for _ in range(2):
        attempt = _start(client, quiz)
        client.post(_take_url(attempt), {**wrong_answers(attempt), "submit": "1"})
    response = client.post(reverse("training:quiz_start", args=[quiz.pk]), follow=True)
    assert "You have used all 2 attempts" in response.content.decode()
    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_a_random_subset_of_n_questions_is_drawn(desk_officer, module):
    questions = [QuestionFactory(module=module) for _ in range(5)]
    quiz = QuizFactory(module=module, questions=questions, question_count=3, shuffle_questions=True)
    attempt = attempt_start(quiz=quiz, acting_user=desk_officer)
    drawn = list(attempt.answers.values_list("question_version__question_id", flat=True))
    assert len(drawn) == 3 == len(set(drawn)) and set(drawn) <= {q.pk for q in questions}


def test_answers_stay_tied_to_the_version_the_officer_saw(
    sign_in, desk_officer, quiz, choice_question, trainer
):
    client = sign_in(desk_officer)
    attempt = _start(client, quiz)
    seen = attempt.answers.get(question_version__question=choice_question).question_version
    question_update(
        question=choice_question,
        data={"prompt": "Reworded", "options": ["Yes", "No"], "correct": [0]},
        acting_user=trainer,
    )
    client.post(_take_url(attempt), {**right_answers(attempt), "submit": "1"})
    answer = attempt.answers.get(question_version__question=choice_question)
    assert answer.question_version == seen and answer.is_correct
    assert choice_question.versions.count() == 2


def test_multiple_choice_needs_every_right_option(sign_in, desk_officer, module):
    question = QuestionFactory(
        module=module,
        kind=QuestionKind.MULTIPLE,
        data={
            "prompt": "Which duties apply?",
            "options": ["Tell the person", "Log ICE contact", "Hold 48 h"],
            "correct": [0, 1],
        },
    )
    quiz = QuizFactory(module=module, questions=[question], pass_mark_percent=100)
    client = sign_in(desk_officer)
    attempt = _start(client, quiz)
    client.post(_take_url(attempt), {"q1": ["a"], "submit": "1"})
    attempt.refresh_from_db()
    assert not attempt.passed
    attempt = _start(client, quiz)
    client.post(_take_url(attempt), {"q1": ["a", "b"], "submit": "1"})
    attempt.refresh_from_db()
    assert attempt.passed


def test_a_hold_deadline_question_needs_the_right_deadline(sign_in, desk_officer, module):
    from tests.factories import TRAINING_SCENARIO, ScenarioQuestionFactory

    question = ScenarioQuestionFactory(
        module=module, data={"scenario": TRAINING_SCENARIO, "action": "detain", "ask_hold_until": True}
    )
    quiz = QuizFactory(module=module, questions=[question])
    client = sign_in(desk_officer)
    attempt = _start(client, quiz)
    client.post(_take_url(attempt), {"q1": "permitted", "q1_hold": "2024-04-25T10:00", "submit": "1"})
    attempt.refresh_from_db()
    assert not attempt.passed  # 24 hours, not 48
    attempt = _start(client, quiz)
    client.post(_take_url(attempt), {"q1": "permitted", "q1_hold": "2024-04-26T10:00", "submit": "1"})
    attempt.refresh_from_db()
    assert attempt.passed
