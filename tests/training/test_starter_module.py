"""The starter module shipped as data: every scenario answer is the rule engine's."""

import io

import pytest
from django.utils.dateparse import parse_datetime

from cases.catalogue.provider import current_catalogue
from cases.rules import evaluate
from training.demo import seed_demo_training
from training.models import Module, Question, QuestionKind, Quiz
from training.services import starter_data, starter_module_load

pytestmark = pytest.mark.django_db

DATA = starter_data()
SCENARIOS = [q for q in DATA["questions"] if q["kind"] == QuestionKind.SCENARIO]


def test_it_ships_enough_questions_across_the_three_rule_sets():
    assert len(DATA["questions"]) >= 12
    assert len(SCENARIOS) >= 8
    rule_sets = {evaluate(q["scenario"])["rule_set"] for q in SCENARIOS}
    assert {"ct-2013", "ct-2019", "ct-2025"} <= rule_sets
    assert len(DATA["sections"]) == 7


@pytest.mark.parametrize("item", SCENARIOS, ids=[q["key"] for q in SCENARIOS])
def test_it_expects_what_the_engine_says(item):
    """The author's stated answer (documentation only) agrees with the engine."""
    answer = evaluate(item["scenario"], current_catalogue())["actions"][item["action"]]
    assert answer["verdict"] == item["expected"]["verdict"]
    if item["ask_hold_until"]:
        assert parse_datetime(answer["hold_until"]) == parse_datetime(item["expected"]["hold_until"])


def test_it_stores_the_engine_answer_for_every_starter_question(agency, trainer):
    module, created = starter_module_load(agency=agency, acting_user=trainer)
    assert created
    catalogue = current_catalogue()
    stored = {q.source_key: q.current_version for q in module.questions.select_related("current_version")}
    for item in SCENARIOS:
        version = stored[item["key"]]
        result = evaluate(item["scenario"], catalogue)
        assert version.correct == [result["actions"][item["action"]]["verdict"]], item["key"]
        assert version.engine_version == result["engine_version"]
        assert version.catalogue_version == result["catalogue_version"]
        assert version.engine_result["trace"] == result["trace"]
        if item["ask_hold_until"]:
            assert version.correct_hold_until == parse_datetime(result["actions"]["detain"]["hold_until"])


def test_it_loads_a_published_module_with_a_quiz_over_every_question(agency, trainer):
    module, _ = starter_module_load(agency=agency, acting_user=trainer)
    assert module.status == "published" and module.counts_for_decisions
    assert module.title == "Applying the Connecticut Trust Act to immigration detainers"
    assert [s.title for s in module.sections.all()][2] == "The three exceptions of 2019"
    quiz = module.quizzes.get()
    assert quiz.pass_mark_percent == 80
    assert quiz.questions.count() == len(DATA["questions"])


def test_seeding_twice_changes_nothing(agency, trainer, desk_officer):
    out = io.StringIO()
    seed_demo_training(agency=agency, stdout=out)
    seed_demo_training(agency=agency, stdout=out)
    assert Module.objects.filter(agency=agency).count() == 1
    assert Question.objects.filter(module__agency=agency).count() == len(DATA["questions"])
    assert Quiz.objects.filter(module__agency=agency).count() == 1
    module = Module.objects.get(agency=agency)
    assert module.quizzes.get().assignments.count() == 1
    assert "already present" in out.getvalue()
