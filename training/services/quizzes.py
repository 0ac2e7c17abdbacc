"""Writes on quizzes and assignments (with their reminders)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from training.audit_actions import TrainingAction
from training.models import (
    Assignment,
    AssignmentMember,
    AssignmentTarget,
    Attempt,
    Module,
    ModuleStatus,
    Quiz,
)
from training.reminders import (
    assignment_reminders_cancel,
    assignment_reminders_plan,
)
from training.selectors import takers_of
from trustportal.accounts.models import User
from trustportal.accounts.roles import CAPABILITIES, Cap
from trustportal.common.services import apply_changes

from .common import QUIZ_FIELDS, _audit, _save

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


def not_assignable(quiz: Quiz) -> str:
    """Why a quiz of a module that is not published cannot be assigned, in plain words."""
    module = quiz.module
    if module.status == ModuleStatus.RETIRED:
        return (
            f"“{quiz.title}” belongs to the retired module “{module.title}”: officers can no longer "
            "take it, so it cannot be assigned. Assign a quiz of a published module."
        )
    return (
        f"“{quiz.title}” belongs to the module “{module.title}”, which is still a draft: officers "
        "cannot see drafts. Publish the module first, then assign the quiz."
    )


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
        raise ValidationError({"quiz": not_assignable(quiz)})
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


def _open_assignments_for(user, roles: set[str], now):
    """Open assignments (due later, module published) of the user's agency that reach them by
    their roles — to the whole agency, or to a role they hold — and that they are not yet
    a member of. One query."""
    reach = Q(target=AssignmentTarget.AGENCY) | Q(target=AssignmentTarget.ROLE, role__in=sorted(roles))
    return (
        Assignment.objects.filter(
            reach,
            agency_id=user.agency_id,
            due_at__gt=now,
            quiz__module__status=ModuleStatus.PUBLISHED,
        )
        .exclude(members__user_id=user.pk)
        .select_related("quiz", "agency")
        .order_by("due_at", "pk")
    )


@transaction.atomic
def assignment_members_join(*, user, acting_user) -> list[AssignmentMember]:
    """Add ``user`` to every open assignment made to the whole agency or to a role they hold
    and not yet to them: staff who join, or get the role, after the trainer assigned the quiz.
    Called when an account is created or changed (``trustportal.accounts.hooks``) and when the
    officer opens My training (accounts made elsewhere, e.g. the Django admin). Past-due
    assignments are not joined: nobody starts out overdue. Audited when it adds anything."""
    if not user.is_active or user.agency_id is None:
        return []
    roles = set(user.groups.values_list("name", flat=True)) & CAPABILITIES[Cap.TAKE_TRAINING]
    if not roles:
        return []
    now = timezone.now()
    assignments = list(_open_assignments_for(user, roles, now))
    if not assignments:
        return []
    # ignore_conflicts: two requests joining at once add each member once (the unique constraint)
    AssignmentMember.objects.bulk_create(
        [AssignmentMember(assignment=a, user=user) for a in assignments], ignore_conflicts=True
    )
    joined = list(
        AssignmentMember.objects.filter(user=user, assignment__in=assignments, completed_at__isnull=True)
        .select_related("assignment__quiz", "assignment__agency", "user")
        .order_by("assignment__due_at", "pk")
    )
    for member in joined:
        assignment_reminders_plan(member, now)
    _audit(
        TrainingAction.ASSIGNMENT_JOIN,
        acting_user,
        user,
        assignments[0].agency,
        assignments=[a.pk for a in assignments],
        roles=sorted(roles),
    )
    return joined


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
