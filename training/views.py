"""Training pages. Officers (TAKE_TRAINING) read modules and take quizzes; trainers
(MANAGE_TRAINING) build modules, question banks and quizzes, assign them and read reports.
No training page shows case data. Views are thin: access helper -> service -> render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from trustportal.accounts.roles import Cap, require_capability
from trustportal.common.forms import add_service_error

from . import access, selectors, services
from .forms import (
    AssignmentForm,
    AttemptForm,
    ChoiceQuestionForm,
    ModuleForm,
    QuizForm,
    ScenarioForms,
    SectionForm,
    TrainingSettingsForm,
)
from .models import ModuleStatus, QuestionKind, QuizFeedback, TrainingSettings
from .scenarios import describe_facts, parse_iso

PAGE_SIZE = 50
TAKE = require_capability(Cap.TAKE_TRAINING)
MANAGE = require_capability(Cap.MANAGE_TRAINING)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, title, back_url, submit_label="Save", intro=""):
    context = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "submit_label": submit_label,
        "intro": intro,
    }
    return render(request, "training/form.html", context)


# --- officers: my training, modules, quizzes -----------------------------------------------------------


@TAKE
def my_training(request):
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


# --- trainers: modules and sections ------------------------------------------------------------------


def _write(request, form, write, message):
    """On a POST whose form is valid, run the service ``write``. Returns what it returned,
    after flashing ``message``; None when there was nothing to do or the service refused
    (its message is then on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except ValidationError as exc:
        add_service_error(form, exc)
        return None
    messages.success(request, message)
    return result


def module_back(module):
    return reverse("training:module_manage", args=[module.pk])


def bank_back(module):
    return reverse("training:question_bank", args=[module.pk])


def _flash_refusal(request, write, message):
    """Run a one-button POST's service: flash its success or its refusal."""
    try:
        write()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)


@MANAGE
def manage_home(request):
    modules = access.modules_for_user(request.user).order_by("status", "title")
    return render(request, "training/manage_home.html", {"modules": modules})


@MANAGE
def module_create(request):
    form, user = ModuleForm(_posted(request)), request.user
    module = _write(
        request,
        form,
        lambda d: services.module_create(agency=user.agency, data=d, acting_user=user),
        "Module created as a draft.",
    )
    if module:
        return redirect(module_back(module))
    return _form_page(request, form, "New module", reverse("training:manage"), "Create the module")


@MANAGE
def module_manage(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    context = {
        "module": module,
        "sections": list(module.sections.all()),
        "quizzes": list(module.quizzes.all()),
        "statuses": ModuleStatus,
    }
    return render(request, "training/module_manage.html", context)


@MANAGE
def module_edit(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    form = ModuleForm(_posted(request), instance=access.get_module_for_trainer(request.user, pk))
    if _write(
        request,
        form,
        lambda d: services.module_update(module=module, data=d, acting_user=request.user),
        "Module saved.",
    ):
        return redirect(module_back(module))
    return _form_page(request, form, f"Edit {module.title}", module_back(module))


@require_POST
@MANAGE
def module_status(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    status = request.POST.get("status", "")
    if status not in ModuleStatus.values:
        return HttpResponseBadRequest("Unknown status.")
    _flash_refusal(
        request,
        lambda: services.module_set_status(module=module, status=status, acting_user=request.user),
        f"Module {ModuleStatus(status).label.lower()}.",
    )
    return redirect(module_back(module))


@MANAGE
def section_create(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    form = SectionForm(_posted(request), initial={"position": module.sections.count() + 1})
    if _write(
        request,
        form,
        lambda d: services.section_create(module=module, data=d, acting_user=request.user),
        "Section added.",
    ):
        return redirect(module_back(module))
    return _form_page(request, form, f"New section of {module.title}", module_back(module), "Add the section")


@MANAGE
def section_edit(request, pk):
    section = access.get_section_for_trainer(request.user, pk)
    form = SectionForm(_posted(request), instance=access.get_section_for_trainer(request.user, pk))
    if _write(
        request,
        form,
        lambda d: services.section_update(section=section, data=d, acting_user=request.user),
        "Section saved.",
    ):
        return redirect(module_back(section.module))
    return _form_page(request, form, f"Edit section: {section.title}", module_back(section.module))


@require_POST
@MANAGE
def section_delete(request, pk):
    section = access.get_section_for_trainer(request.user, pk)
    services.section_delete(section=section, acting_user=request.user)
    messages.success(request, "Section removed.")
    return redirect(module_back(section.module))


# --- trainers: the question bank --------------------------------------------------------------------


@MANAGE
def question_bank(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    questions = selectors.question_bank(module)
    context = {"module": module, "questions": questions, "flagged": sum(q.needs_check for q in questions)}
    return render(request, "training/question_bank.html", context)


@require_POST
@MANAGE
def questions_recheck(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    counts = services.questions_recheck(agency=module.agency, acting_user=request.user)
    text = (
        f"Checked {counts['checked']} scenario questions with the rule engine: {counts['flagged']} flagged."
    )
    (messages.warning if counts["flagged"] else messages.success)(request, text)
    return redirect(bank_back(module))


@MANAGE
def question_create(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    form = ChoiceQuestionForm(
        _posted(request), initial={"kind": request.GET.get("kind", QuestionKind.SINGLE)}
    )
    if _write(
        request,
        form,
        lambda d: services.question_create(
            module=module, kind=d["kind"], data=form.content(), acting_user=request.user
        ),
        "Question added to the bank.",
    ):
        return redirect(bank_back(module))
    return _form_page(request, form, "New question", bank_back(module), "Add the question")


def _scenario_page(request, module, question=None):
    """Create or edit (a new version of) a scenario question; the engine computes the answer."""
    version = question.current_version if question else None
    forms = ScenarioForms(_posted(request), version=version)
    if request.method == "POST" and forms.is_valid():
        data, user = forms.content(), request.user
        try:
            if question is None:
                question = services.question_create(
                    module=module, kind=QuestionKind.SCENARIO, data=data, acting_user=user
                )
            else:
                services.question_update(question=question, data=data, acting_user=user)
        except ValidationError as exc:
            forms.add_error(exc)
        else:
            messages.success(request, "Scenario question saved: the rule engine computed its answer.")
            return redirect("training:question_detail", pk=question.pk)
    return render(
        request, "training/scenario_form.html", {"module": module, "forms": forms, "question": question}
    )


@MANAGE
def scenario_create(request, pk):
    return _scenario_page(request, access.get_module_for_trainer(request.user, pk))


@MANAGE
def question_edit(request, pk):
    question = access.get_question_for_trainer(request.user, pk)
    if question.is_scenario:
        return _scenario_page(request, question.module, question)
    form = ChoiceQuestionForm.for_version(question, _posted(request))
    if _write(
        request,
        form,
        lambda d: services.question_update(question=question, data=form.content(), acting_user=request.user),
        "Question saved as a new version.",
    ):
        return redirect("training:question_detail", pk=pk)
    return _form_page(request, form, f"Edit question {question.pk}", bank_back(question.module))


@MANAGE
def question_detail(request, pk):
    question = access.get_question_for_trainer(request.user, pk)
    version = question.current_version
    facts = describe_facts(version.scenario) if version.scenario else None
    context = {"question": question, "version": version, "facts": facts}
    return render(request, "training/question_detail.html", context)


@require_POST
@MANAGE
def question_active(request, pk):
    question = access.get_question_for_trainer(request.user, pk)
    active = request.POST.get("active") == "1"
    services.question_set_active(question=question, active=active, acting_user=request.user)
    messages.success(
        request, "Question restored to the bank." if active else "Question retired from the bank."
    )
    return redirect(bank_back(question.module))


@require_POST
@MANAGE
def question_accept(request, pk):
    question = access.get_question_for_trainer(request.user, pk)
    _flash_refusal(
        request,
        lambda: services.question_accept_engine(question=question, acting_user=request.user),
        "The question now uses the rule engine's current answer (a new version).",
    )
    return redirect("training:question_detail", pk=pk)


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
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
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
    quizzes = access.quizzes_for_trainer(user).filter(module__status=ModuleStatus.PUBLISHED)
    initial = {"quiz": request.GET.get("quiz")}
    form = AssignmentForm(
        _posted(request), quizzes=quizzes, takers=selectors.takers_of(user.agency), initial=initial
    )
    if _write(request, form, lambda d: _assign(d, user), "Quiz assigned."):
        return redirect("training:assignment_list")
    return _form_page(request, form, "Assign a quiz", reverse("training:assignment_list"), "Assign")


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
