"""Trainers: the question bank (choice and scenario questions, re-check against the engine)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from training import access, selectors, services
from training.forms import (
    ChoiceQuestionForm,
    ScenarioForms,
)
from training.models import QuestionKind
from training.scenarios import describe_facts

from .common import MANAGE, _flash_refusal, _form_page, _posted, _write, bank_back

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
