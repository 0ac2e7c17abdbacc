"""The question bank: choice questions, scenario questions answered by the engine, and rechecks."""

import io

import pytest
from django import forms as forms_mod
from django.core.management import call_command
from django.urls import reverse

from cases.catalogue.services import offense_save
from cases.models import Offense
from tests.factories import TRAINING_SCENARIO, ScenarioQuestionFactory
from training.models import Question, QuestionKind
from training.services import questions_recheck
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _scenario_post(**overrides):
    """The scenario form as a trainer fills it in: a class B conviction in 2024 (ct-2019)."""
    data = {
        "action": "detain",
        "prompt": "",
        "explanation": "Manslaughter 1st degree is class B.",
        "citations": "",
        "decided_at": "2024-04-24T09:00",
        "rule_set": "",
        "releasable_at": "2024-04-24T10:00",
        "detainer_form": "I-247A",
        "documents-TOTAL_FORMS": "2",
        "documents-INITIAL_FORMS": "0",
        "documents-0-kind": "administrative_warrant",
        "documents-0-form": "I-205",
        "convictions-TOTAL_FORMS": "2",
        "convictions-INITIAL_FORMS": "0",
        "convictions-0-statute": "53a-55",
        "convictions-0-jurisdiction": "CT",
        "convictions-1-jurisdiction": "CT",
        "charges-TOTAL_FORMS": "2",
        "charges-INITIAL_FORMS": "0",
        "charges-0-bond_posted": "unknown",
        "charges-1-bond_posted": "unknown",
    }
    return data | overrides


def test_a_trainer_adds_a_scenario_question_and_the_engine_answers_it(sign_in, trainer, module):
    client = sign_in(trainer)
    response = client.post(reverse("training:scenario_create", args=[module.pk]), _scenario_post())
    assert response.status_code == 302
    question = Question.objects.get(module=module)
    version = question.current_version
    assert question.kind == QuestionKind.SCENARIO
    assert version.correct == ["permitted"]
    assert version.engine_result["rule_set"] == "ct-2019"
    assert version.engine_version and version.catalogue_version
    assert version.scenario["decided_at"] == "2024-04-24T09:00:00-04:00"
    assert version.scenario["subject"]["convictions"][0]["statute"] == "53a-55"
    assert [o["key"] for o in version.options] == ["permitted", "prohibited", "needs_review"]
    html = client.get(response["Location"]).content.decode()
    assert "ct-2019.ab-felony" in html and "C.G.S. § 54-192h(b)(1)(A)(ii)" in html
    event = AuditEvent.objects.get(action="training.question.create")
    assert event.details["correct"] == ["permitted"] and event.details["engine_version"]


def test_the_trainer_cannot_type_the_answer(sign_in, trainer, module):
    client = sign_in(trainer)
    client.post(reverse("training:scenario_create", args=[module.pk]), _scenario_post(correct="prohibited"))
    assert Question.objects.get(module=module).current_version.correct == ["permitted"]


def test_a_bad_statute_is_explained_in_plain_words(sign_in, trainer, module):
    client = sign_in(trainer)
    post = _scenario_post(**{"convictions-0-statute": "manslaughter"})
    response = client.post(reverse("training:scenario_create", args=[module.pk]), post)
    assert response.status_code == 200
    assert (
        "Conviction 1, statute: unknown statute format &#x27;manslaughter&#x27;" in response.content.decode()
    )
    assert not Question.objects.exists()


def test_a_hold_deadline_is_refused_when_no_hold_is_permitted(sign_in, trainer, module):
    client = sign_in(trainer)
    post = _scenario_post(**{"convictions-0-statute": "53a-56b", "ask_hold_until": "on"})
    response = client.post(reverse("training:scenario_create", args=[module.pk]), post)
    assert "does not permit a hold" in response.content.decode()
    assert not Question.objects.exists()


def test_a_hold_deadline_is_computed(sign_in, trainer, module):
    client = sign_in(trainer)
    client.post(reverse("training:scenario_create", args=[module.pk]), _scenario_post(ask_hold_until="on"))
    version = Question.objects.get().current_version
    assert version.ask_hold_until and version.correct_hold_until.isoformat() == "2024-04-26T14:00:00+00:00"


def test_editing_a_scenario_makes_a_new_version_with_a_new_answer(sign_in, trainer, scenario_question):
    client = sign_in(trainer)
    url = reverse("training:question_edit", args=[scenario_question.pk])
    assert "53a-55" in client.get(url).content.decode()
    post = _scenario_post(**{"convictions-0-statute": "53a-56b"})
    assert client.post(url, post).status_code == 302
    scenario_question.refresh_from_db()
    assert scenario_question.current_version.number == 2
    assert scenario_question.current_version.correct == ["prohibited"]


def test_a_trainer_adds_a_single_choice_question(sign_in, trainer, module):
    client = sign_in(trainer)
    post = {
        "kind": "single",
        "prompt": "Which form is the detainer?",
        "options": "I-205\n* I-247A\nI-200",
        "explanation": "",
        "citations": "",
    }
    assert client.post(reverse("training:question_create", args=[module.pk]), post).status_code == 302
    version = Question.objects.get(module=module).current_version
    assert version.correct == ["b"] and version.option_texts["b"] == "I-247A"


def test_a_choice_question_needs_a_marked_answer(sign_in, trainer, module):
    client = sign_in(trainer)
    post = {"kind": "single", "prompt": "Which?", "options": "A\nB"}
    response = client.post(reverse("training:question_create", args=[module.pk]), post)
    assert response.status_code == 200 and "Mark the right answer" in response.content.decode()


def _correct_53a_55_to_class_c(user):
    """Through the catalogue's one write path (audited; it moves the catalogue's version)."""
    offense = Offense.objects.get(statute="53a-55", subdivision="", condition="")
    offense_save(offense=offense, data={"felony_class": "C"}, acting_user=user)


def test_a_catalogue_correction_flags_the_question(agency, trainer, steward, module):
    question = ScenarioQuestionFactory(module=module)  # § 53a-55, class B: permitted
    assert questions_recheck(agency=agency, acting_user=trainer) == {"checked": 1, "flagged": 0}
    _correct_53a_55_to_class_c(steward)
    out = io.StringIO()
    call_command("training_recheck", stdout=out)
    question.refresh_from_db()
    assert question.needs_check
    assert "now Prohibited (it was Permitted)" in question.check_note
    assert "1 flagged" in out.getvalue()
    assert AuditEvent.objects.filter(action="training.questions.recheck", agency=agency).count() == 2


def test_the_bank_page_checks_answers_and_the_trainer_accepts_the_new_one(sign_in, trainer, steward, module):
    question = ScenarioQuestionFactory(module=module)
    _correct_53a_55_to_class_c(steward)
    client = sign_in(trainer)
    response = client.post(reverse("training:questions_recheck", args=[module.pk]), follow=True)
    html = response.content.decode()
    assert "1 flagged" in html and "The rule engine disagrees" in html
    client.post(reverse("training:question_accept", args=[question.pk]))
    question.refresh_from_db()
    assert not question.needs_check
    assert question.current_version.number == 2 and question.current_version.correct == ["prohibited"]


def test_a_retired_question_is_not_drawn(sign_in, trainer, module, quiz, scenario_question, desk_officer):
    from training.services import attempt_start

    sign_in(trainer).post(reverse("training:question_active", args=[scenario_question.pk]), {"active": "0"})
    attempt = attempt_start(quiz=quiz, acting_user=desk_officer)
    assert scenario_question.current_version_id not in attempt.answers.values_list(
        "question_version", flat=True
    )


def test_the_scenario_factory_matches_the_contract():
    from cases.rules import parse_scenario

    parse_scenario(TRAINING_SCENARIO)


def test_the_scenario_form_carries_the_v2_facts_through_an_edit(sign_in, trainer, module):
    """Participation, offense date, court order, notification request and the consent policy
    are kept when the question is saved again (a new version)."""
    client = sign_in(trainer)
    post = _scenario_post(
        action="interview",
        **{
            "convictions-0-statute": "53a-54a",
            "convictions-0-participation": "attempt",
            "convictions-0-offense_date": "2016-07-04",
            "interview_court_order": "on",
            "interview_requires_consent": "on",
        },
    )
    assert client.post(reverse("training:scenario_create", args=[module.pk]), post).status_code == 302
    question = Question.objects.get(module=module)
    scenario = question.current_version.scenario
    conviction = scenario["subject"]["convictions"][0]
    assert conviction["participation"] == "attempt" and conviction["offense_date"] == "2016-07-04"
    assert scenario["subject"]["interview_court_order"] is True
    assert scenario["detainer"]["requests_notification"] is False  # box left unticked
    assert scenario["agency_policy"] == {"interview_requires_consent": True}
    assert question.current_version.correct == ["prohibited"]  # policy: no consent recorded
    html = client.get(reverse("training:question_edit", args=[question.pk])).content.decode()
    assert 'value="2016-07-04"' in html and '<option value="attempt" selected>' in html

    data = _as_posted(question.current_version)
    client.post(reverse("training:question_edit", args=[question.pk]), data)
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.scenario == scenario


def _as_posted(version) -> dict:
    """What the browser posts back from the edit page of ``version``, unchanged."""
    from training.forms import ScenarioForms

    forms = ScenarioForms(version=version)
    data = {}
    for form in (forms.question, forms.facts):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if isinstance(field, forms_mod.BooleanField):
                if value:
                    data[name] = "on"
            elif value is not None:
                data[name] = value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "hour") else value
    for prefix, formset in (
        ("documents", forms.documents),
        ("convictions", forms.convictions),
        ("charges", forms.charges),
    ):
        data[f"{prefix}-TOTAL_FORMS"], data[f"{prefix}-INITIAL_FORMS"] = (
            str(len(formset.initial or [])),
        ) * 2
        for i, row in enumerate(formset.initial or []):
            for key, value in row.items():
                if value not in (None, "", False):
                    data[f"{prefix}-{i}-{key}"] = "on" if value is True else value
    return data
