"""The starter module shipped as data: every scenario answer is the rule engine's."""

import io

import pytest
from django.utils.dateparse import parse_datetime

from cases.catalogue.provider import current_catalogue
from cases.rules import default_catalogue, evaluate
from training.demo import seed_demo_training
from training.models import Module, Question, QuestionKind, QuestionVersion, Quiz
from training.services import questions_recheck, starter_data, starter_module_load

pytestmark = pytest.mark.django_db

DATA = starter_data()
SCENARIOS = [q for q in DATA["questions"] if q["kind"] == QuestionKind.SCENARIO]


def test_it_ships_enough_questions_across_the_three_rule_sets():
    assert len(DATA["questions"]) >= 12
    assert len(SCENARIOS) >= 8
    rule_sets = {evaluate(q["scenario"])["rule_set"] for q in SCENARIOS}
    assert {"ct-2013", "ct-2019", "ct-2025"} <= rule_sets
    assert len(DATA["sections"]) == 9


@pytest.mark.parametrize("item", SCENARIOS, ids=[q["key"] for q in SCENARIOS])
def test_it_expects_what_the_engine_says(item):
    """The author's stated answer (documentation only) agrees with the engine and the catalogue
    the project ships (``cases/data``, v2: effective dates); the stored answer is the agency's
    catalogue's (below)."""
    answer = evaluate(item["scenario"], default_catalogue())["actions"][item["action"]]
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


V2_KEYS = {
    "attempted-murder",
    "conspiracy-robbery-1",
    "judicial-warrant-no-interview",
    "interview-court-order",
    "risk-of-injury-after-2002",
    "risk-of-injury-before-2002",
    "capital-felony-2010",
}


def test_it_ships_the_v2_questions_with_v2_facts():
    keys = {q["key"] for q in SCENARIOS}
    assert keys >= V2_KEYS
    by_key = {q["key"]: q for q in SCENARIOS}
    assert by_key["attempted-murder"]["scenario"]["subject"]["convictions"][0]["participation"] == "attempt"
    assert by_key["interview-court-order"]["scenario"]["subject"]["interview_court_order"] is True
    assert (
        by_key["capital-felony-2010"]["scenario"]["subject"]["convictions"][0]["offense_date"] == "2010-03-02"
    )
    assert "expected" in by_key["attempted-murder"]  # documentation: the stored answer is computed


def test_every_stored_starter_answer_is_the_engines_today(agency, trainer):
    """Loaded, then re-checked against the engine now: nothing to flag."""
    module, _ = starter_module_load(agency=agency, acting_user=trainer)
    catalogue = current_catalogue()
    for question in module.questions.filter(kind=QuestionKind.SCENARIO).select_related("current_version"):
        version = question.current_version
        today = evaluate(version.scenario, catalogue)["actions"][version.action]["verdict"]
        assert version.correct == [today], question.source_key
    counts = questions_recheck(agency=agency, acting_user=trainer)
    assert counts == {"checked": len(SCENARIOS), "flagged": 0}


def test_the_recheck_flags_an_answer_the_v2_engine_changed(agency, trainer):
    """A question stored under engine 1.x, when a judicial warrant opened an interview."""
    module, _ = starter_module_load(agency=agency, acting_user=trainer)
    question = module.questions.get(source_key="judicial-warrant-no-interview")
    QuestionVersion.objects.filter(pk=question.current_version_id).update(correct=["permitted"])
    assert questions_recheck(agency=agency, acting_user=trainer)["flagged"] == 1
    question.refresh_from_db()
    assert question.needs_check and "now Prohibited (it was Permitted)" in question.check_note
