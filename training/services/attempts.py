"""Attempts (start, save, submit, score), certificates and the agency's training settings."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from training import scoring
from training.audit_actions import TrainingAction
from training.models import (
    Attempt,
    AttemptAnswer,
    Certificate,
    QuestionKind,
    QuestionVersion,
    Quiz,
    TrainingSettings,
)
from training.reminders import (
    certificate_reminders_plan,
)
from training.selectors import attempts_used
from trustportal.accounts.models import User
from trustportal.common.services import apply_changes

from .common import SETTINGS_FIELDS, TIME_LIMIT_GRACE, _audit
from .quizzes import _complete_assignments

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
