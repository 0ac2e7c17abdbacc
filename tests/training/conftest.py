"""Training fixtures: a published module with one scenario question and a quiz over it."""

import pytest

from tests.factories import ModuleFactory, QuestionFactory, QuizFactory, ScenarioQuestionFactory


@pytest.fixture
def module(agency):
    return ModuleFactory(agency=agency, title="Trust Act basics")


@pytest.fixture
def scenario_question(module):
    """A class B conviction under the 2019 law: detention is permitted."""
    return ScenarioQuestionFactory(module=module)


@pytest.fixture
def choice_question(module):
    return QuestionFactory(module=module)


@pytest.fixture
def quiz(module, scenario_question, choice_question):
    """Two questions, pass mark 80%: both must be right."""
    return QuizFactory(module=module, title="Trust Act quiz", questions=[scenario_question, choice_question])


@pytest.fixture
def other_module(other_agency):
    return ModuleFactory(agency=other_agency, title="Their module")


@pytest.fixture
def other_quiz(other_module):
    question = ScenarioQuestionFactory(module=other_module)
    return QuizFactory(module=other_module, questions=[question])


def right_answers(attempt) -> dict:
    """POST data answering every question of the attempt right (test helper)."""
    data = {}
    for answer in attempt.answers.select_related("question_version"):
        version = answer.question_version
        data[f"q{answer.position}"] = version.correct if len(version.correct) > 1 else version.correct[0]
        if version.ask_hold_until:
            data[f"q{answer.position}_hold"] = version.correct_hold_until.astimezone().strftime(
                "%Y-%m-%dT%H:%M"
            )
    return data


def wrong_answers(attempt) -> dict:
    data = {}
    for answer in attempt.answers.select_related("question_version"):
        version = answer.question_version
        data[f"q{answer.position}"] = next(
            o["key"] for o in version.options if o["key"] not in version.correct
        )
    return data
