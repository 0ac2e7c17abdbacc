"""Trainers: quizzes, assignments and the training settings."""

from django.shortcuts import redirect, render
from django.urls import reverse

from training import access, selectors, services
from training.forms import (
    AssignmentForm,
    QuizForm,
    TrainingSettingsForm,
)
from training.models import ModuleStatus, TrainingSettings
from training.services.quizzes import not_assignable
from trustportal.accounts.roles import Cap
from trustportal.common.pagination import CappedPaginator

from .common import MANAGE, PAGE_SIZE, _form_page, _posted, _write, module_back

# --- trainers: quizzes and assignments ------------------------------------------------------------------


@MANAGE
def quiz_create(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    form = QuizForm(_posted(request), module=module)
    if _write(
        request,
        form,
        lambda d: services.quiz_create(
            module=module, data=form.quiz_data(), questions=d["questions"], acting_user=request.user
        ),
        "Quiz created.",
    ):
        return redirect(module_back(module))
    return _form_page(request, form, f"New quiz for {module.title}", module_back(module), "Create the quiz")


@MANAGE
def quiz_edit(request, pk):
    quiz = access.get_quiz_for_trainer(request.user, pk)
    form = QuizForm(
        _posted(request), instance=access.get_quiz_for_trainer(request.user, pk), module=quiz.module
    )
    if _write(
        request,
        form,
        lambda d: services.quiz_update(
            quiz=quiz, data=form.quiz_data(), questions=d["questions"], acting_user=request.user
        ),
        "Quiz saved.",
    ):
        return redirect(module_back(quiz.module))
    return _form_page(request, form, f"Edit quiz: {quiz.title}", module_back(quiz.module))


@MANAGE
def assignment_list(request):
    assignments = selectors.assignments_for_report(request.user.agency)
    page = CappedPaginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": selectors.assignment_rows(page.object_list)}
    return render(request, "training/assignment_list.html", context)


def _assign(d, user):
    return services.assignment_create(
        agency=user.agency, quiz=d["quiz"], target=d["target"], role=d["role"], users=list(d["users"]),
        due_at=d["due_at"], acting_user=user,
    )  # fmt: skip


@MANAGE
def assignment_create(request):
    user = request.user
    # Every quiz of the agency is offered, drafts marked: picking one gets the service's plain
    # refusal on the form, never Django's "Select a valid choice".
    quizzes = access.quizzes_for_trainer(user).order_by("module__title", "title", "pk")
    initial = {"quiz": request.GET.get("quiz")}
    form = AssignmentForm(
        _posted(request), quizzes=quizzes, takers=selectors.takers_of(user.agency), initial=initial
    )
    if _write(request, form, lambda d: _assign(d, user), "Quiz assigned."):
        return redirect("training:assignment_list")
    intro = ""
    picked = quizzes.filter(pk=initial["quiz"]).first() if str(initial["quiz"] or "").isdigit() else None
    if request.method == "GET" and picked is not None and picked.module.status != ModuleStatus.PUBLISHED:
        intro = not_assignable(picked)
    return _form_page(
        request, form, "Assign a quiz", reverse("training:assignment_list"), "Assign", intro=intro
    )


# --- settings ----------------------------------------------------------------------------------------


@access.require_any_capability(Cap.MANAGE_TRAINING, Cap.MANAGE_USERS)
def training_settings(request):
    agency, user = request.user.agency, request.user
    current = TrainingSettings.objects.filter(agency=agency).first() or TrainingSettings(agency=agency)
    form = TrainingSettingsForm(_posted(request), instance=current)
    if _write(
        request,
        form,
        lambda d: services.training_settings_update(agency=agency, data=d, acting_user=user),
        "Training settings saved.",
    ):
        return redirect("training:settings")
    intro = (
        "When this is on, a desk officer needs a current certificate for a module marked "
        "'Trust Act certificate' before recording a detainer decision."
    )
    return _form_page(request, form, "Training settings", reverse("training:manage"), intro=intro)
