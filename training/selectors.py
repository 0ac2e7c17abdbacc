"""Reads that training pages share, scoped to one agency, in a fixed number of queries.

For the decision screen (``TrainingConfig.ready`` registers ``certificate_gate`` as one of
cases' decision gates, so cases never imports training):

* ``certificate_required(agency)``: the agency requires a current Trust Act certificate;
* ``counting_certificates(agency, now)``: the one definition of a certificate that counts
  (its agency's, for a module marked "Trust Act certificate", unexpired at ``now``), used by
  the gate and by the trainer's and supervisors' reports alike;
* ``has_current_certificate(user)``: the user holds such a certificate;
* ``decision_training_refusal(user)``: '' when the user may record decisions, else the
  sentence to show (only desk officers are held to the requirement);
* ``certificate_gate(user, now)``: the same as a decision gate (``None`` when allowed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from trustportal.accounts.models import User
from trustportal.accounts.roles import CAPABILITIES, Cap, Role, roles_of

from .access import published_modules_for_user
from .models import (
    Assignment,
    AssignmentMember,
    Attempt,
    AttemptAnswer,
    Certificate,
    Question,
    QuestionKind,
    Section,
    SectionProgress,
    TrainingSettings,
)
from .scenarios import rules_tested

# --- the decision screen's gate ----------------------------------------------------------------


def certificate_required(agency) -> bool:
    """True when the agency requires a current Trust Act certificate to record decisions."""
    if agency is None:
        return False
    return TrainingSettings.objects.filter(agency=agency, require_certificate_for_decisions=True).exists()


def counting_certificates(agency, now=None):
    """The certificates that count for recording decisions in ``agency`` at ``now``: the
    agency's own, for a module of the agency marked "Trust Act certificate", not expired. The
    decision gate and every report ask this one function, so they never disagree."""
    return Certificate.objects.filter(
        agency=agency,
        module__agency=agency,
        module__counts_for_decisions=True,
        expires_at__gt=now or timezone.now(),
    )


def current_certificates(user, now=None):
    return counting_certificates(user.agency_id, now).filter(user_id=user.pk)


def has_current_certificate(user, now=None) -> bool:
    """True when the user holds a Trust Act certificate of their own agency unexpired at ``now``."""
    if getattr(user, "agency_id", None) is None:
        return False
    return current_certificates(user, now).exists()


def decision_training_refusal(user, now=None) -> str:
    """'' when the user may record a detainer decision as far as training goes."""
    if Role.DESK_OFFICER not in roles_of(user) or not certificate_required(user.agency):
        return ""
    if has_current_certificate(user, now):
        return ""
    return (
        "Your agency requires a current Trust Act training certificate before you record detainer "
        "decisions. Pass the Trust Act quiz under My training, or ask a supervisor to record this one."
    )


def certificate_gate(user, now) -> str | None:
    """The certificate requirement as a decision gate (``cases.decisions.gates``)."""
    return decision_training_refusal(user, now) or None


# --- who takes training, and how many attempts they have used ------------------------------


def takers_of(agency, *, role: str = "", users=None):
    """Active staff of the agency who may take training (optionally: of one role, or these)."""
    roles = [role] if role else CAPABILITIES[Cap.TAKE_TRAINING]
    with_role = User.groups.through.objects.filter(group__name__in=roles).values("user_id")
    qs = User.objects.filter(agency=agency, is_active=True, pk__in=with_role)
    if users is not None:
        qs = qs.filter(pk__in=[u.pk for u in users])
    return qs.order_by("pk")


def attempts_used(quiz, user) -> int:
    """Attempts counted against the limit: those since the user's last pass (a pass resets it)."""
    attempts = Attempt.objects.filter(quiz=quiz, user=user)
    last_pass = attempts.filter(passed=True).aggregate(m=Max("number"))["m"] or 0
    return attempts.filter(number__gt=last_pass).count()


# --- My training ---------------------------------------------------------------------------------


@dataclass
class MyTraining:
    due: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    passed: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    modules: list = field(default_factory=list)


def my_training(user) -> MyTraining:
    now = timezone.now()
    result = MyTraining()
    members = (
        AssignmentMember.objects.filter(user_id=user.pk, assignment__agency_id=user.agency_id)
        .select_related("assignment", "assignment__quiz", "assignment__quiz__module", "attempt")
        .order_by("assignment__due_at", "pk")
    )
    for member in members:
        if not member.completed_at and not member.assignment.quiz.module.is_published:
            continue  # a module taken back to draft or retired: nothing to take
        if member.completed_at:
            result.passed.append(member)
        elif member.assignment.due_at < now:
            result.overdue.append(member)
        else:
            result.due.append(member)
    result.certificates = list(
        Certificate.objects.filter(user_id=user.pk, agency_id=user.agency_id).select_related("module")
    )
    result.modules = list(published_modules_for_user(user).prefetch_related("quizzes"))
    return result


def module_progress(module, user) -> tuple[list[Section], set[int]]:
    sections = list(module.sections.all())
    done = set(
        SectionProgress.objects.filter(user_id=user.pk, section__module=module).values_list(
            "section_id", flat=True
        )
    )
    return sections, done


def quiz_history(quiz, user) -> list[Attempt]:
    return list(
        Attempt.objects.filter(quiz=quiz, user_id=user.pk).select_related("certificate").order_by("number")
    )


# --- question bank ---------------------------------------------------------------------------------


def question_bank(module):
    return list(
        Question.objects.filter(module=module)
        .select_related("current_version")
        .order_by("-is_active", "-needs_check", "pk")
    )


# --- trainer reports ---------------------------------------------------------------------------------


def officers_for_report(agency):
    """The agency's trainees with their assignment counts and current certificate: one query."""
    now = timezone.now()
    members = "training_assignments"
    current = counting_certificates(agency, now).filter(user=OuterRef("pk"))
    return (
        takers_of(agency)
        .annotate(
            assigned=Count(members),
            completed=Count(members, filter=Q(**{f"{members}__completed_at__isnull": False})),
            overdue=Count(
                members,
                filter=Q(
                    **{f"{members}__completed_at__isnull": True, f"{members}__assignment__due_at__lt": now}
                ),
            ),
            certified_until=Subquery(current.order_by("-expires_at").values("expires_at")[:1]),
        )
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "pk")
    )


def officer_rows(agency, users) -> list[dict]:
    """``users`` from ``officers_for_report`` with their attempts and best score: one query."""
    attempts = (
        Attempt.objects.filter(user__in=users, submitted_at__isnull=False, quiz__module__agency=agency)
        .values("user_id")
        .annotate(
            attempts=Count("id"),
            passes=Count("id", filter=Q(passed=True)),
            best=Max("score_percent"),
            last=Max("submitted_at"),
        )
    )
    by_user = {row.pop("user_id"): row for row in attempts}
    empty = {"attempts": 0, "passes": 0, "best": None, "last": None}
    return [{"user": u, **empty, **by_user.get(u.pk, {})} for u in users]


def assignment_rows(assignments) -> list[dict]:
    """Each assignment with its members' attempts on its quiz (average score): one query."""
    assignments = list(assignments)
    attempts = "user__training_attempts"
    scores = {
        row["assignment_id"]: row
        for row in AssignmentMember.objects.filter(
            assignment__in=assignments,
            **{f"{attempts}__quiz_id": F("assignment__quiz_id"), f"{attempts}__submitted_at__isnull": False},
        )
        .values("assignment_id")
        .annotate(average=Avg(f"{attempts}__score_percent"), attempts=Count(attempts))
    }
    return [
        {
            "assignment": a,
            "average": scores.get(a.pk, {}).get("average"),
            "attempts": scores.get(a.pk, {}).get("attempts", 0),
        }
        for a in assignments
    ]


def assignments_for_report(agency):
    now = timezone.now()
    return (
        Assignment.objects.filter(agency=agency)
        .select_related("quiz", "assigned_by")
        .annotate(
            member_count=Count("members"),
            done_count=Count("members", filter=Q(members__completed_at__isnull=False)),
            late_count=Count("members", filter=Q(members__completed_at__isnull=True, due_at__lt=now)),
        )
        .order_by("-due_at", "-id")
    )


def overdue_for_report(agency):
    return (
        AssignmentMember.objects.filter(
            assignment__agency=agency, completed_at__isnull=True, assignment__due_at__lt=timezone.now()
        )
        .select_related("user", "assignment", "assignment__quiz", "assignment__assigned_by")
        .order_by("assignment__due_at", "user__last_name", "pk")
    )


def question_rows(agency) -> list[dict]:
    """Miss rate per question over submitted attempts, worst first: two queries."""
    counts = (
        AttemptAnswer.objects.filter(
            attempt__quiz__module__agency=agency, attempt__submitted_at__isnull=False
        )
        .values("question_version__question_id")
        .annotate(answered=Count("id"), wrong=Count("id", filter=Q(is_correct=False)))
    )
    stats = {row["question_version__question_id"]: row for row in counts}
    questions = Question.objects.filter(pk__in=stats.keys()).select_related("current_version", "module")
    rows = []
    for question in questions:
        row = stats[question.pk]
        rules: list[str] = []
        if question.kind == QuestionKind.SCENARIO:
            version = question.current_version
            result = version.engine_result if version is not None else None
            assert result is not None  # an answered scenario question has a version with the engine's result
            rules = rules_tested(result) or [f"{result['rule_set']}: no exception holds"]
        rows.append(
            {
                "question": question,
                "answered": row["answered"],
                "wrong": row["wrong"],
                "miss_rate": round(100 * row["wrong"] / row["answered"]) if row["answered"] else 0,
                "rules": rules,
            }
        )
    rows.sort(key=lambda r: (-r["miss_rate"], -r["answered"], r["question"].pk))
    return rows


def rule_rows(question_rows_: list[dict]) -> list[dict]:
    """Miss rate per rule, from the scenario questions that test it."""
    totals: defaultdict[str, dict[str, int]] = defaultdict(
        lambda: {"answered": 0, "wrong": 0, "questions": 0}
    )
    for row in question_rows_:
        for rule in row["rules"]:
            totals[rule]["answered"] += row["answered"]
            totals[rule]["wrong"] += row["wrong"]
            totals[rule]["questions"] += 1
    rows: list[dict[str, Any]] = [
        {"rule": rule, **t, "miss_rate": round(100 * t["wrong"] / t["answered"]) if t["answered"] else 0}
        for rule, t in totals.items()
    ]
    rows.sort(key=lambda r: (-r["miss_rate"], r["rule"]))
    return rows


# --- supervisors: the staff's training compliance ----------------------------------------------------


def compliance_rows(users, *, required: bool) -> list[dict]:
    """``users`` from ``officers_for_report`` (their counts and counting certificate already
    annotated, their groups prefetched), each with what a supervisor needs to know: whether
    the agency's certificate rule (``required``) stops them recording decisions, and their open
    and overdue training. No query of its own."""
    rows = []
    for user in users:
        roles = {g.name for g in user.groups.all()}
        held_to_it = required and Role.DESK_OFFICER in roles
        rows.append(
            {
                "user": user,
                "roles": sorted(roles),
                "certified_until": user.certified_until,
                "blocked": held_to_it and user.certified_until is None,
                "open": user.assigned - user.completed,
                "overdue": user.overdue,
                "compliant": user.overdue == 0 and not (held_to_it and user.certified_until is None),
            }
        )
    return rows
