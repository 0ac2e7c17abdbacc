"""Writes on questions: versions, choice and scenario content (answers computed by the engine), re-check."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases.catalogue.provider import build_catalogue
from training.audit_actions import TrainingAction
from training.models import (
    Module,
    Question,
    QuestionKind,
    QuestionVersion,
)
from training.scenarios import ACTION_QUESTIONS, HOLD_QUESTION, answer_changed, check_scenario, compute_answer
from trustportal.audit.services import audit_record

from .common import _audit

# --- questions ------------------------------------------------------------------------------------


def _choice_content(kind: str, data: dict) -> dict:
    """Options with keys a, b, c … (true/false: true, false) and the correct keys."""
    texts = [t.strip() for t in data.get("options", []) if t and t.strip()]
    correct = sorted(set(data.get("correct", [])))
    if kind == QuestionKind.TRUE_FALSE:
        texts, keys = ["True", "False"], ["true", "false"]
    else:
        keys = list(string.ascii_lowercase[: len(texts)])
    if len(texts) < 2:
        raise ValidationError({"options": "Give at least two options."})
    if len(texts) > len(string.ascii_lowercase):
        raise ValidationError({"options": "Give at most 26 options."})
    if not correct or any(not 0 <= i < len(texts) for i in correct):
        raise ValidationError({"options": "Mark the right answer (put * before it)."})
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and len(correct) != 1:
        raise ValidationError({"options": "A single-choice question has exactly one right answer."})
    return {
        "prompt": data["prompt"],
        "options": [{"key": k, "text": t} for k, t in zip(keys, texts, strict=True)],
        "correct": [keys[i] for i in correct],
    }


def _scenario_content(data: dict, catalogue) -> dict:
    check_scenario(data["scenario"])
    computed = compute_answer(
        scenario=data["scenario"],
        action=data["action"],
        ask_hold_until=bool(data.get("ask_hold_until")),
        catalogue=catalogue,
    )
    prompt = (data.get("prompt") or "").strip() or ACTION_QUESTIONS[data["action"]]
    if data.get("ask_hold_until") and HOLD_QUESTION not in prompt:
        prompt = f"{prompt} {HOLD_QUESTION}"
    return {
        "prompt": prompt,
        "scenario": data["scenario"],
        "action": data["action"],
        "ask_hold_until": bool(data.get("ask_hold_until")),
        **computed,
    }


def _new_version(question: Question, data: dict, acting_user, catalogue=None) -> QuestionVersion:
    if question.kind == QuestionKind.SCENARIO:
        # a trainer's write: the catalogue's rows as they are now, never a cached copy
        content = _scenario_content(data, catalogue or build_catalogue())
    else:
        content = _choice_content(question.kind, data)
    number = (question.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = QuestionVersion.objects.create(
        question=question,
        number=number,
        explanation=data.get("explanation", ""),
        citations=data.get("citations", ""),
        created_by=acting_user,
        **content,
    )
    question.current_version = version
    question.needs_check, question.check_note = False, ""
    question.checked_at = timezone.now()
    question.save(update_fields=["current_version", "needs_check", "check_note", "checked_at"])
    return version


def _answer_details(version: QuestionVersion) -> dict:
    details = {"version": version.number, "correct": version.correct}
    if version.scenario is not None:
        details |= {"engine_version": version.engine_version, "catalogue_version": version.catalogue_version}
    return details


@transaction.atomic
def question_create(
    *, module: Module, kind: str, data: dict, acting_user, source_key: str = "", catalogue=None
):
    question = Question.objects.create(module=module, kind=kind, source_key=source_key)
    version = _new_version(question, data, acting_user, catalogue)
    _audit(TrainingAction.QUESTION_CREATE, acting_user, question, module.agency, **_answer_details(version))
    return question


@transaction.atomic
def question_update(*, question: Question, data: dict, acting_user) -> Question:
    """A new version; attempts already made keep the version they were asked."""
    version = _new_version(question, data, acting_user)
    _audit(
        TrainingAction.QUESTION_UPDATE,
        acting_user,
        question,
        question.module.agency,
        **_answer_details(version),
    )
    return question


@transaction.atomic
def question_set_active(*, question: Question, active: bool, acting_user) -> Question:
    question.is_active = active
    question.save(update_fields=["is_active"])
    _audit(
        TrainingAction.QUESTION_RETIRE if not active else TrainingAction.QUESTION_RESTORE,
        acting_user,
        question,
        question.module.agency,
    )
    return question


@transaction.atomic
def question_accept_engine(*, question: Question, acting_user) -> Question:
    """A flagged scenario question takes the engine's current answer, as a new version."""
    if not question.is_scenario:
        raise ValidationError("Only scenario questions are answered by the rule engine.")
    current = question.current_version
    assert current is not None  # a scenario question always has a version
    data = {
        "scenario": current.scenario,
        "action": current.action,
        "ask_hold_until": current.ask_hold_until,
        "prompt": current.prompt,
        "explanation": current.explanation,
        "citations": current.citations,
    }
    try:
        version = _new_version(question, data, acting_user)
    except ValidationError:  # the hold deadline went away: keep asking for the verdict only
        version = _new_version(question, data | {"ask_hold_until": False}, acting_user)
    _audit(
        TrainingAction.QUESTION_ACCEPT_ENGINE,
        acting_user,
        question,
        question.module.agency,
        **_answer_details(version),
    )
    return question


@transaction.atomic
def questions_recheck(*, agency, acting_user=None, catalogue=None) -> dict:
    """Re-evaluate every active scenario question; flag those whose answer has changed."""
    catalogue = catalogue or build_catalogue()  # a full re-check reads the rows afresh
    questions = Question.objects.select_for_update(of=("self",)).select_related("current_version")
    questions = questions.filter(module__agency=agency, kind=QuestionKind.SCENARIO, is_active=True)
    now, flagged = timezone.now(), []
    for question in questions:
        note = answer_changed(question.current_version, catalogue)
        if note:
            question.needs_check, question.check_note = True, f"The rule engine disagrees: {note}."
            flagged.append(question.pk)
        question.checked_at = now
    Question.objects.bulk_update(questions, ["needs_check", "check_note", "checked_at"])
    counts = {"checked": len(questions), "flagged": len(flagged)}
    audit_record(
        action=TrainingAction.QUESTIONS_RECHECK,
        acting_user=acting_user,
        agency=agency,
        username="" if acting_user else "training_recheck",
        details=counts | {"flagged_ids": flagged, "catalogue_version": catalogue.version},
    )
    return counts
