"""Officers: my training, modules, quizzes, attempts, results and certificates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from training import access, selectors, services
from training.forms import (
    AttemptForm,
)
from training.models import QuizFeedback
from training.scenarios import describe_facts, parse_iso

from .common import TAKE

# --- officers: my training, modules, quizzes -----------------------------------------------------------


@TAKE
def my_training(request):
    # Open assignments to the agency or to one of the officer's roles made before they joined
    # (or got the role) through a path that did not tell training, e.g. the Django admin.
    services.assignment_members_join(user=request.user, acting_user=request.user)
    context = {"mine": selectors.my_training(request.user), "now": timezone.now()}
    return render(request, "training/my_training.html", context)


@TAKE
def module_detail(request, pk):
    module = access.get_module_for_taker(request.user, pk)
    sections, done = selectors.module_progress(module, request.user)
    context = {"module": module, "sections": sections, "done": done, "quizzes": module.quizzes.all()}
    return render(request, "training/module_detail.html", context)


@require_POST
@TAKE
def section_complete(request, pk):
    section = access.get_section_for_taker(request.user, pk)
    services.section_complete(section=section, acting_user=request.user)
    return redirect(f"{reverse('training:module_detail', args=[section.module_id])}#section-{section.pk}")


@TAKE
def quiz_detail(request, pk):
    quiz = access.get_quiz_for_taker(request.user, pk)
    history = selectors.quiz_history(quiz, request.user)
    used = selectors.attempts_used(quiz, request.user)
    context = {
        "quiz": quiz,
        "history": history,
        "open_attempt": next((a for a in history if not a.is_submitted), None),
        "remaining": None if quiz.attempts_allowed is None else max(quiz.attempts_allowed - used, 0),
        "question_count": quiz.question_count or quiz.questions.filter(is_active=True).count(),
    }
    return render(request, "training/quiz_detail.html", context)


@require_POST
@TAKE
def quiz_start(request, pk):
    quiz = access.get_quiz_for_taker(request.user, pk)
    try:
        attempt = services.attempt_start(quiz=quiz, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("training:quiz_detail", pk=quiz.pk)
    return redirect("training:attempt_take", pk=attempt.pk)


def _time_up(attempt) -> bool:
    return (
        attempt.deadline_at is not None and timezone.now() > attempt.deadline_at + services.TIME_LIMIT_GRACE
    )


@TAKE
def attempt_take(request, pk):
    attempt = access.get_own_open_attempt(request.user, pk)
    if request.method == "POST":
        return _attempt_post(request, attempt)
    if attempt.is_submitted:
        return redirect("training:attempt_result", pk=attempt.pk)
    answers = list(attempt.answers.all())
    form = AttemptForm(answers=answers)
    return render(request, "training/attempt_take.html", _take_context(attempt, form))


def _take_context(attempt, form):
    items = [
        {
            "answer": a,
            "field": f,
            "hold": h,
            "facts": describe_facts(s) if (s := a.question_version.scenario) else None,
        }
        for a, f, h in form.items()
    ]
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "form": form,
        "items": items,
        "time_up": _time_up(attempt),
    }


def _attempt_post(request, attempt):
    form = AttemptForm(request.POST, answers=list(attempt.answers.all()))
    if not form.is_valid():
        return render(request, "training/attempt_take.html", _take_context(attempt, form), status=400)
    submit = "submit" in request.POST
    write = services.attempt_submit if submit else services.attempt_save
    try:
        write(attempt=attempt, responses=form.responses(), acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(
            "training:attempt_take" if not attempt.is_submitted else "training:attempt_result", pk=attempt.pk
        )
    if submit:
        return redirect("training:attempt_result", pk=attempt.pk)
    messages.success(request, "Your answers are saved. You can come back and finish later.")
    return redirect("training:attempt_take", pk=attempt.pk)


@TAKE
def attempt_result(request, pk):
    attempt = access.get_attempt_for_user(request.user, pk)
    if not attempt.is_submitted:
        return redirect("training:attempt_take", pk=attempt.pk)
    feedback = attempt.quiz.feedback
    own = attempt.user_id == request.user.pk
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "answers": _result_answers(attempt),
        "show_wrong": feedback != QuizFeedback.SCORE or not own,
        "show_full": feedback == QuizFeedback.FULL or not own,
        "certificate": getattr(attempt, "certificate", None) if attempt.passed else None,
    }
    return render(request, "training/attempt_result.html", context)


def _result_answers(attempt):
    answers = list(attempt.answers.all())
    for a in answers:
        version, response = a.question_version, a.response or {}
        a.texts = version.option_texts
        a.facts = describe_facts(version.scenario) if version.scenario else None
        a.hold = parse_iso(response.get("hold_until"))
    return answers


@TAKE
def certificate_detail(request, pk):
    certificate = access.get_certificate_for_user(request.user, pk)
    return render(request, "training/certificate.html", {"certificate": certificate, "now": timezone.now()})
