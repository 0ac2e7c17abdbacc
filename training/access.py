"""One access helper per training object. Another agency's record is a 404, exactly like a
missing one. Trainers (MANAGE_TRAINING) reach every status of their agency's content;
everyone else reaches only published modules and their own attempts and certificates."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch

from trustportal.accounts.access import get_scoped_or_404, scope_to_agency
from trustportal.accounts.roles import Cap, user_can

from .models import Attempt, AttemptAnswer, Certificate, Module, ModuleStatus, Question, Quiz, Section

MODULE_AGENCY = "module__agency"


def require_any_capability(*capabilities):
    """View decorator: 403 unless the user has one of the capabilities."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(user_can(request.user, cap) for cap in capabilities):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_trainer(user) -> bool:
    return user_can(user, Cap.MANAGE_TRAINING)


# --- modules and sections -------------------------------------------------------------------


def modules_for_user(user):
    return scope_to_agency(Module.objects.all(), user)


def published_modules_for_user(user):
    return modules_for_user(user).filter(status=ModuleStatus.PUBLISHED)


def get_module_for_trainer(user, pk) -> Module:
    return get_scoped_or_404(Module.objects.all(), user, pk=pk)


def get_module_for_taker(user, pk) -> Module:
    qs = Module.objects.filter(status=ModuleStatus.PUBLISHED).prefetch_related("sections")
    return get_scoped_or_404(qs, user, pk=pk)


def get_section_for_trainer(user, pk) -> Section:
    return get_scoped_or_404(Section.objects.select_related("module"), user, field=MODULE_AGENCY, pk=pk)


def get_section_for_taker(user, pk) -> Section:
    qs = Section.objects.select_related("module").filter(module__status=ModuleStatus.PUBLISHED)
    return get_scoped_or_404(qs, user, field=MODULE_AGENCY, pk=pk)


# --- questions and quizzes --------------------------------------------------------------------


def get_question_for_trainer(user, pk) -> Question:
    qs = Question.objects.select_related("module", "current_version")
    return get_scoped_or_404(qs, user, field=MODULE_AGENCY, pk=pk)


def quizzes_for_trainer(user):
    return scope_to_agency(Quiz.objects.select_related("module"), user, field=MODULE_AGENCY)


def get_quiz_for_trainer(user, pk) -> Quiz:
    return get_scoped_or_404(quizzes_for_trainer(user), user, field=MODULE_AGENCY, pk=pk)


def get_quiz_for_taker(user, pk) -> Quiz:
    qs = Quiz.objects.select_related("module").filter(module__status=ModuleStatus.PUBLISHED)
    return get_scoped_or_404(qs, user, field=MODULE_AGENCY, pk=pk)


# --- attempts and certificates -------------------------------------------------------------------


def _attempt_queryset():
    answers = AttemptAnswer.objects.select_related("question_version", "question_version__question")
    return Attempt.objects.select_related("quiz", "quiz__module", "user").prefetch_related(
        Prefetch("answers", queryset=answers)
    )


def get_attempt_for_user(user, pk) -> Attempt:
    """The user's own attempt (a trainer may also open any attempt of the agency)."""
    qs = _attempt_queryset()
    if not is_trainer(user):
        qs = qs.filter(user_id=user.pk)
    return get_scoped_or_404(qs, user, field="quiz__module__agency", pk=pk)


def get_own_open_attempt(user, pk) -> Attempt:
    """The user's own attempt, for answering: never somebody else's, trainer or not."""
    return get_scoped_or_404(
        _attempt_queryset().filter(user_id=user.pk), user, field="quiz__module__agency", pk=pk
    )


def get_certificate_for_user(user, pk) -> Certificate:
    qs = Certificate.objects.select_related("user", "module", "agency", "quiz")
    if not is_trainer(user):
        qs = qs.filter(user_id=user.pk)
    return get_scoped_or_404(qs, user, pk=pk)
