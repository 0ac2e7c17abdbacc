"""Every write in training: atomic, audited in the same transaction, named <thing>_<verb>.

Refusals raise ``django.core.exceptions.ValidationError`` in plain words and change nothing.
Scenario questions get their answer from the rule engine here, never from the trainer.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import string
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from cases.catalogue.provider import build_catalogue
from training.audit_actions import TrainingAction
from trustportal.accounts.models import User
from trustportal.accounts.roles import CAPABILITIES, Cap
from trustportal.audit.services import audit_record
from trustportal.common.services import apply_changes

from . import scoring
from .models import (
    Assignment,
    AssignmentMember,
    AssignmentTarget,
    Attempt,
    AttemptAnswer,
    Certificate,
    Module,
    ModuleStatus,
    Question,
    QuestionKind,
    QuestionVersion,
    Quiz,
    Section,
    SectionProgress,
    TrainingSettings,
)
from .reminders import assignment_reminders_cancel, assignment_reminders_plan, certificate_reminders_plan
from .scenarios import ACTION_QUESTIONS, HOLD_QUESTION, answer_changed, check_scenario, compute_answer
from .selectors import attempts_used, takers_of

STARTER_PATH = Path(__file__).resolve().parent / "data" / "trust_act_starter.json"
# A browser that submits as the clock runs out needs a moment to reach the server.
TIME_LIMIT_GRACE = dt.timedelta(seconds=10)
MODULE_CONTENT_FIELDS = ("title", "summary", "body", "objectives", "statute_references")
MODULE_FIELDS = (
    *MODULE_CONTENT_FIELDS,
    "estimated_minutes",
    "certificate_valid_days",
    "counts_for_decisions",
)
SECTION_FIELDS = ("position", "title", "body")
QUIZ_FIELDS = (
    "title", "pass_mark_percent", "attempts_allowed", "question_count", "shuffle_questions",
    "shuffle_options", "time_limit_minutes", "feedback",
)  # fmt: skip
SETTINGS_FIELDS = ("require_certificate_for_decisions",)


def _audit(action: TrainingAction, acting_user, obj, agency, **details):
    audit_record(action=action, acting_user=acting_user, obj=obj, agency=agency, details=details)


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


# --- modules and sections ---------------------------------------------------------------------


@transaction.atomic
def module_create(*, agency, data: dict, acting_user, source_key: str = "") -> Module:
    module = _save(Module(agency=agency, created_by=acting_user, source_key=source_key, **data))
    _audit(TrainingAction.MODULE_CREATE, acting_user, module, agency)
    return module


@transaction.atomic
def module_update(*, module: Module, data: dict, acting_user) -> Module:
    changes = apply_changes(module, data, MODULE_FIELDS)
    if module.status != ModuleStatus.DRAFT and any(field in changes for field in MODULE_CONTENT_FIELDS):
        module.version += 1
    _save(module)
    _audit(
        TrainingAction.MODULE_UPDATE,
        acting_user,
        module,
        module.agency,
        changes=changes,
        version=module.version,
    )
    return module


@transaction.atomic
def module_set_status(*, module: Module, status: str, acting_user) -> Module:
    if status == ModuleStatus.PUBLISHED and not (module.body.strip() or module.sections.exists()):
        raise ValidationError("Add an introduction or at least one section before publishing the module.")
    old = module.status
    module.status = status
    _save(module)
    _audit(TrainingAction.MODULE_STATUS, acting_user, module, module.agency, old=old, new=status)
    return module


def _bump_version(module: Module):
    """Content seen by officers changed: a new module version (drafts keep theirs)."""
    if module.status == ModuleStatus.DRAFT:
        return
    Module.objects.filter(pk=module.pk).update(version=F("version") + 1)
    module.refresh_from_db(fields=["version"])


@transaction.atomic
def section_create(*, module: Module, data: dict, acting_user) -> Section:
    data = dict(data)
    if not data.get("position"):
        data["position"] = (module.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = _save(Section(module=module, **data))
    _bump_version(module)
    _audit(TrainingAction.SECTION_CREATE, acting_user, section, module.agency, module=module.pk)
    return section


@transaction.atomic
def section_update(*, section: Section, data: dict, acting_user) -> Section:
    changes = apply_changes(section, data, SECTION_FIELDS)
    _save(section)
    if set(changes) & {"title", "body"}:
        _bump_version(section.module)
    _audit(TrainingAction.SECTION_UPDATE, acting_user, section, section.module.agency, changes=changes)
    return section


@transaction.atomic
def section_delete(*, section: Section, acting_user) -> None:
    module = section.module
    _audit(TrainingAction.SECTION_DELETE, acting_user, section, module.agency, title=section.title)
    section.delete()
    _bump_version(module)


@transaction.atomic
def section_complete(*, section: Section, acting_user) -> SectionProgress:
    progress, created = SectionProgress.objects.get_or_create(
        section=section, user=acting_user, defaults={"completed_at": timezone.now()}
    )
    if created:
        _audit(TrainingAction.SECTION_COMPLETE, acting_user, section, section.module.agency)
    return progress


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


# --- quizzes -----------------------------------------------------------------------------------------


def _check_pool(data: dict, questions) -> None:
    if not questions:
        raise ValidationError({"questions": "Choose at least one question for the quiz."})
    count = data.get("question_count")
    if count and count > len(questions):
        raise ValidationError(
            {"question_count": f"The pool has only {len(questions)} questions; draw at most that many."}
        )


@transaction.atomic
def quiz_create(*, module: Module, data: dict, questions, acting_user, source_key: str = "") -> Quiz:
    questions = list(questions)
    _check_pool(data, questions)
    quiz = _save(Quiz(module=module, created_by=acting_user, source_key=source_key, **data))
    quiz.questions.set(questions)
    _audit(TrainingAction.QUIZ_CREATE, acting_user, quiz, module.agency, questions=[q.pk for q in questions])
    return quiz


@transaction.atomic
def quiz_update(*, quiz: Quiz, data: dict, questions, acting_user) -> Quiz:
    questions = list(questions)
    _check_pool(data, questions)
    changes = apply_changes(quiz, data, QUIZ_FIELDS)
    _save(quiz)
    quiz.questions.set(questions)
    _audit(
        TrainingAction.QUIZ_UPDATE,
        acting_user,
        quiz,
        quiz.module.agency,
        changes=changes,
        questions=[q.pk for q in questions],
    )
    return quiz


# --- assignments and their reminders ---------------------------------------------------------------------


def _members_for(agency, target: str, role: str, users) -> list[User]:
    if target == AssignmentTarget.USERS:
        found = list(takers_of(agency, users=users or []))
        if len(found) != len(set(users or [])):
            raise ValidationError({"users": "Pick staff of your agency whose role takes training."})
        return found
    if target == AssignmentTarget.ROLE:
        if role not in CAPABILITIES[Cap.TAKE_TRAINING]:
            raise ValidationError({"role": "Pick a role that takes training."})
        return list(takers_of(agency, role=role))
    return list(takers_of(agency))


@transaction.atomic
def assignment_create(
    *, agency, quiz: Quiz, target: str, due_at, acting_user, role: str = "", users=None
) -> Assignment:
    now = timezone.now()
    if due_at <= now:
        raise ValidationError({"due_at": "The due date must be in the future."})
    if quiz.module.agency_id != agency.pk:
        raise ValidationError({"quiz": "Pick a quiz of your agency."})
    if not quiz.module.is_published:
        raise ValidationError(
            {"quiz": "Publish the quiz's module before assigning it: officers cannot see drafts."}
        )
    members = _members_for(agency, target, role, users)
    if not members:
        raise ValidationError("Nobody would receive this assignment: no active staff match it.")
    role = role if target == AssignmentTarget.ROLE else ""
    assignment = _save(
        Assignment(agency=agency, quiz=quiz, target=target, role=role, due_at=due_at, assigned_by=acting_user)
    )
    rows = AssignmentMember.objects.bulk_create(
        [AssignmentMember(assignment=assignment, user=u) for u in members]
    )
    for member in rows:
        assignment_reminders_plan(member, now)
    _audit(
        TrainingAction.ASSIGNMENT_CREATE,
        acting_user,
        assignment,
        agency,
        quiz=quiz.pk,
        members=[u.pk for u in members],
    )
    return assignment


def _complete_assignments(attempt: Attempt, now) -> list[int]:
    members = list(
        AssignmentMember.objects.select_for_update()
        .filter(user=attempt.user, assignment__quiz=attempt.quiz, completed_at__isnull=True)
        .order_by("pk")
    )
    for member in members:
        member.completed_at, member.attempt = now, attempt
        assignment_reminders_cancel(member, reason="training passed")
    AssignmentMember.objects.bulk_update(members, ["completed_at", "attempt"])
    return [m.assignment_id for m in members]


# --- attempts -------------------------------------------------------------------------------------------


def _draw(quiz: Quiz) -> list[QuestionVersion]:
    pool = list(
        quiz.questions.filter(is_active=True, current_version__isnull=False)
        .select_related("current_version")
        .order_by("pk")
    )
    if not pool:
        raise ValidationError("This quiz has no questions yet. Ask your trainer.")
    rng = random.SystemRandom()
    if quiz.question_count and quiz.question_count < len(pool):
        pool = sorted(rng.sample(pool, quiz.question_count), key=lambda q: q.pk)
    if quiz.shuffle_questions:
        rng.shuffle(pool)
    return [q.current_version for q in pool if q.current_version is not None]  # all: filtered above


def _option_order(quiz: Quiz, version: QuestionVersion) -> list[str]:
    keys = [o["key"] for o in version.options]
    if quiz.shuffle_options and version.question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        random.SystemRandom().shuffle(keys)
    return keys


@transaction.atomic
def attempt_start(*, quiz: Quiz, acting_user) -> Attempt:
    """Start an attempt, or return the one the user left unfinished (resume)."""
    User.objects.select_for_update().filter(pk=acting_user.pk).first()  # one start at a time per user
    open_attempt = Attempt.objects.filter(quiz=quiz, user=acting_user, submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    if not quiz.module.is_published:
        raise ValidationError("This training is not published.")
    if quiz.attempts_allowed and attempts_used(quiz, acting_user) >= quiz.attempts_allowed:
        raise ValidationError(
            f"You have used all {quiz.attempts_allowed} attempts allowed for this quiz. Ask your trainer."
        )
    versions = _draw(quiz)
    now = timezone.now()
    number = (Attempt.objects.filter(quiz=quiz, user=acting_user).aggregate(m=Max("number"))["m"] or 0) + 1
    deadline = now + dt.timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=acting_user,
        number=number,
        started_at=now,
        deadline_at=deadline,
        question_total=len(versions),
    )
    AttemptAnswer.objects.bulk_create(
        [
            AttemptAnswer(
                attempt=attempt, position=i, question_version=v, option_order=_option_order(quiz, v)
            )
            for i, v in enumerate(versions, start=1)
        ]
    )
    _audit(
        TrainingAction.ATTEMPT_START, acting_user, attempt, quiz.module.agency, quiz=quiz.pk, number=number
    )
    return attempt


def _locked(attempt: Attempt) -> Attempt:
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.submitted_at is not None:
        raise ValidationError(
            "This attempt was already submitted at "
            f"{timezone.localtime(locked.submitted_at):%H:%M on %d %b %Y}. "
            "It has been scored; nothing was changed."
        )
    return locked


def _in_time(attempt: Attempt, now) -> bool:
    return attempt.deadline_at is None or now <= attempt.deadline_at + TIME_LIMIT_GRACE


def _store(attempt: Attempt, responses: dict, now) -> list[AttemptAnswer]:
    answers = list(attempt.answers.select_related("question_version").order_by("position"))
    for answer in answers:
        if answer.position in responses:
            answer.response = responses[answer.position]
            answer.answered_at = now if answer.response else None
    AttemptAnswer.objects.bulk_update(answers, ["response", "answered_at"])
    return answers


@transaction.atomic
def attempt_save(*, attempt: Attempt, responses: dict, acting_user) -> Attempt:
    """Keep the answers given so far (to resume later); refused once time is up."""
    locked = _locked(attempt)
    now = timezone.now()
    if not _in_time(locked, now):
        raise ValidationError(
            "Time is up: answers given after the time limit are not counted. Submit the attempt."
        )
    _store(locked, responses, now)
    _audit(
        TrainingAction.ATTEMPT_SAVE, acting_user, locked, locked.quiz.module.agency, answered=len(responses)
    )
    return locked


@transaction.atomic
def attempt_submit(*, attempt: Attempt, responses: dict, acting_user) -> Attempt:
    """Score the attempt once. After the time limit, the answers sent with it are ignored."""
    locked = _locked(attempt)
    now = timezone.now()
    late = not _in_time(locked, now)
    answers = _store(locked, {} if late else responses, now)
    deadline = locked.deadline_at + TIME_LIMIT_GRACE if locked.deadline_at else None
    for answer in answers:
        answer.is_correct = scoring.counted(answer, deadline) and scoring.is_correct(
            answer.question_version, answer.response
        )
    AttemptAnswer.objects.bulk_update(answers, ["is_correct"])
    quiz = locked.quiz
    correct = sum(1 for a in answers if a.is_correct)
    locked.submitted_at, locked.late = now, late
    locked.correct_count, locked.question_total = correct, len(answers)
    locked.score_percent = scoring.percent(correct, len(answers))
    locked.passed = scoring.passed(correct, len(answers), quiz.pass_mark_percent)
    locked.save()
    details: dict[str, object] = {"score": locked.score_percent, "passed": locked.passed, "late": late}
    if locked.passed:
        certificate = _certificate_issue(locked, now, acting_user)
        details |= {"certificate": certificate.pk, "assignments": _complete_assignments(locked, now)}
    _audit(TrainingAction.ATTEMPT_SUBMIT, acting_user, locked, quiz.module.agency, **details)
    return locked


# --- certificates and settings -------------------------------------------------------------------------


def _certificate_issue(attempt: Attempt, now, acting_user) -> Certificate:
    module = attempt.quiz.module
    assert attempt.score_percent is not None  # scored when submitted, before any certificate
    certificate = Certificate.objects.create(
        agency=module.agency,
        user=attempt.user,
        module=module,
        module_version=module.version,
        quiz=attempt.quiz,
        attempt=attempt,
        score_percent=attempt.score_percent,
        issued_at=now,
        expires_at=now + dt.timedelta(days=module.certificate_valid_days),
    )
    certificate_reminders_plan(certificate, now)
    _audit(
        TrainingAction.CERTIFICATE_ISSUE,
        acting_user,
        certificate,
        module.agency,
        expires_at=certificate.expires_at.isoformat(),
    )
    return certificate


@transaction.atomic
def training_settings_update(*, agency, data: dict, acting_user) -> TrainingSettings:
    settings_row, _ = TrainingSettings.objects.select_for_update().get_or_create(agency=agency)
    changes = apply_changes(settings_row, data, SETTINGS_FIELDS)
    settings_row.updated_by = acting_user
    settings_row.save()
    _audit(TrainingAction.SETTINGS_UPDATE, acting_user, settings_row, agency, changes=changes)
    return settings_row


# --- the starter module, shipped as data ----------------------------------------------------------------


def _text(value) -> str:
    return "\n".join(value) if isinstance(value, list) else (value or "")


def starter_data(path: Path = STARTER_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _starter_question_data(item: dict) -> dict:
    common = {"explanation": _text(item.get("explanation")), "citations": _text(item.get("citations"))}
    if item["kind"] == QuestionKind.SCENARIO:
        return common | {k: item.get(k) for k in ("scenario", "action", "ask_hold_until", "prompt")}
    options = item.get("options", [])
    return common | {
        "prompt": item["prompt"],
        "options": [o["text"] for o in options],
        "correct": [i for i, o in enumerate(options) if o.get("correct")],
    }


@transaction.atomic
def starter_module_load(*, agency, acting_user, data: dict | None = None) -> tuple[Module, bool]:
    """Load the shipped starter module (published, with its questions and quiz). Idempotent:
    returns ``(module, False)`` when the agency already has it."""
    data = data or starter_data()
    existing = Module.objects.filter(agency=agency, source_key=data["key"]).first()
    if existing is not None:
        return existing, False
    fields = data["module"]
    module_data = {k: _text(v) if isinstance(v, list) else v for k, v in fields.items()}
    module = module_create(agency=agency, data=module_data, acting_user=acting_user, source_key=data["key"])
    for position, section in enumerate(data["sections"], start=1):
        section_create(
            module=module,
            data={"position": position, "title": section["title"], "body": _text(section["body"])},
            acting_user=acting_user,
        )
    catalogue = build_catalogue()
    questions = [
        question_create(
            module=module,
            kind=item["kind"],
            data=_starter_question_data(item),
            acting_user=acting_user,
            source_key=item["key"],
            catalogue=catalogue,
        )
        for item in data["questions"]
    ]
    quiz_create(
        module=module, data=data["quiz"], questions=questions, acting_user=acting_user, source_key=data["key"]
    )
    module_set_status(module=module, status=ModuleStatus.PUBLISHED, acting_user=acting_user)
    return module, True
