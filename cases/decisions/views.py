"""The decision screen, recording and correcting decisions, the printable record, the
supervisor review queue and counsel sign-off of rule sets.

The facts/verdicts/trace panel is a partial that htmx re-fetches (``decision_panel``) and
that the quick fact toggles return; every page also works without JavaScript.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.access import get_decision_for_user
from cases.audit_actions import DecisionAuditAction
from cases.decisions import duties, hypothetical, presenters, selectors
from cases.decisions.fact_services import decision_fact_correct
from cases.decisions.forms import DecisionForm, FactCorrectForm, ReviewForm, SignOffForm
from cases.decisions.gates import decision_refusal
from cases.decisions.queue import queue_rows
from cases.decisions.services import decision_record as record_service
from cases.decisions.services import decision_review as review_service
from cases.decisions.services import signoff_record
from cases.models import DetainerStatus, ReviewOutcome
from cases.rules import RULE_SETS, rule_set_in_force
from trustportal.accounts.roles import Cap, require_capability, user_can
from trustportal.audit.services import audit_record
from trustportal.common.pagination import CappedPaginator

# Pages of the custody and detainer areas where each fact is corrected.
FIX_PATHS = {
    "case": "/cases/{pk}/edit/",
    "conviction": "/cases/convictions/{pk}/edit/",
    "charge": "/cases/charges/{pk}/edit/",
    "document": "/cases/documents/{pk}/edit/",
    "detainer": "/cases/detainers/{pk}/",
    "detainer_edit": "/cases/detainers/{pk}/edit/",
    "contact_add": "/cases/detainers/{pk}/ice-access/new/",
}
PAGE_SIZE = 50


def _fix(kind: str, pk) -> str:
    return FIX_PATHS[kind].format(pk=pk)


def _fix_links(detainer, evaluation) -> dict:
    return {
        "case": _fix("case", detainer.case_id),
        "detainer": _fix("detainer_edit", detainer.pk),
        "convictions": [_fix("conviction", c.pk) for c in evaluation.convictions],
        "charges": [_fix("charge", c.pk) for c in evaluation.pending_charges],
        "documents": [_fix("document", d.pk) for d in evaluation.documents],
        "documents_add": _fix("detainer", detainer.pk),
        "policy": "/cases/policy/",
    }


def _may_correct(user, decision) -> bool:
    """The officer who recorded a decision, or any supervisor, may record a correction."""
    return user_can(user, Cap.RECORD_DECISIONS) and (
        decision.recorded_by_id == user.pk or user_can(user, Cap.REVIEW_DECISIONS)
    )


def _can_record_new(user, detainer, current) -> bool:
    return (
        current is None
        and user_can(user, Cap.RECORD_DECISIONS)
        and detainer.case.is_open
        and detainer.status in (DetainerStatus.OPEN, DetainerStatus.DECIDED)
    )


# --------------------------------------------------------------------------- the screen


def _load(request, pk, *, history: bool = True):
    """The detainer for the screen (``history``: with its decisions), and the moment its
    facts are evaluated at."""
    now = timezone.now()
    return selectors.detainer_for_decision(request.user, pk, now=now, history=history), now


def _panel_context(request, detainer, now, *, with_form: bool, toggle_error: str = "") -> dict:
    """What the facts/verdicts/trace/what-if panel shows: the engine's view of the facts now."""
    evaluation = selectors.evaluate_detainer(detainer, now=now)
    result, scenario = evaluation.result, evaluation.scenario
    panel_url = reverse("cases:decision_panel", args=[detainer.pk])
    return {
        "detainer": detainer,
        "result": result,
        "facts": presenters.facts_view(scenario, evaluation.catalogue, _fix_links(detainer, evaluation)),
        "verdicts": presenters.verdicts(
            result, consent=scenario["interview_consent"], policy=scenario.get("agency_policy")
        ),
        "trace": presenters.trace_rows(result["trace"]),
        "what_if": presenters.what_if(scenario, evaluation.catalogue, result["rule_set"]),
        "choice_departures": presenters.choice_departures(result),
        "can_toggle": detainer.case.is_open and user_can(request.user, Cap.EDIT_CASES),
        "with_form": with_form,
        "toggle_error": toggle_error,
        "panel_url": panel_url + ("?form=1" if with_form else ""),
        "screen_url": reverse("cases:decision_screen", args=[detainer.pk]),
        "toggle_url": reverse("cases:decision_fact_toggle", args=[detainer.pk]),
        "what_if_url": reverse("cases:decision_what_if", args=[detainer.pk]),
        "what_if_facts": hypothetical.fact_choices(evaluation),
        "rule_set_title": RULE_SETS[result["rule_set"]].title,
    }


def _render_screen(request, detainer, now, *, form=None, correcting=None):
    current = selectors.current_decision(detainer)
    show_form = correcting is not None or _can_record_new(request.user, detainer, current)
    context = _panel_context(request, detainer, now, with_form=show_form)
    rule_set = context["result"]["rule_set"]
    if show_form and form is None:
        form = DecisionForm(duty_choices=duties.duty_choices(context["result"]))
    context.update(
        {
            "case": detainer.case,
            "person": detainer.case.person,
            "rule_set": presenters.rule_set_view(rule_set),
            "signoff": selectors.signoff_of(detainer),
            "current": current,
            "superseded": [d for d in detainer.decision_history if d is not current],
            "can_correct": current is not None
            and detainer.case.is_open
            and _may_correct(request.user, current),
            "correcting": correcting,
            "form": form if show_form else None,
            "duties": duties.screen_rows(context["result"], current),
            "form_action": reverse("cases:decision_correct", args=[correcting.pk])
            if correcting
            else reverse("cases:decision_record", args=[detainer.pk]),
            "detainer_url": _fix("detainer", detainer.pk),
            "contact_add_url": _fix("contact_add", detainer.pk),
            "can_edit": user_can(request.user, Cap.EDIT_CASES),
            # Before the officer fills in the form: what a registered gate (e.g. training's
            # certificate requirement) would refuse when they record it.
            "gate_notice": decision_refusal(request.user, now) if show_form else None,
        }
    )
    return render(request, "cases/decision_screen.html", context)


def _render_panel(request, detainer, now, *, with_form: bool, toggle_error: str = ""):
    context = _panel_context(request, detainer, now, with_form=with_form, toggle_error=toggle_error)
    return render(request, "cases/_decision_panel_htmx.html", context)


@require_capability(Cap.VIEW_CASES)
def decision_screen(request, pk):
    detainer, now = _load(request, pk)
    audit_record(action=DecisionAuditAction.SCREEN_VIEW, acting_user=request.user, obj=detainer,
                 agency=detainer.case.agency, request=request)  # fmt: skip
    return _render_screen(request, detainer, now)


@require_capability(Cap.VIEW_CASES)
def decision_panel(request, pk):
    """The panel alone, for htmx (``?form=1``: the page has a record form to update too)."""
    detainer, now = _load(request, pk, history=False)
    return _render_panel(request, detainer, now, with_form=request.GET.get("form") == "1")


@require_POST
@require_capability(Cap.EDIT_CASES)
def decision_fact_toggle(request, pk):
    """Correct the record: one officer-checked fact or the interview consent, with a reason
    (audited). The what-if (``decision_what_if``) is the way to try a fact without changing it."""
    detainer, _ = _load(request, pk, history=False)
    form = FactCorrectForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Unknown fact or value.")
    fact, value = form.cleaned_data["fact"], form.cleaned_data["value"]
    error = ""
    try:
        decision_fact_correct(
            detainer=detainer,
            fact=fact,
            value=value,
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        detainer, now = _load(request, pk, history=False)  # the facts as now saved
        return _render_panel(
            request, detainer, now, with_form=request.POST.get("form") == "1", toggle_error=error
        )
    if error:
        messages.error(request, error)
    else:
        label = hypothetical.fact_label(fact)
        messages.success(request, f"Record corrected: {label} is now {'yes' if value else 'no'}.")
    return redirect("cases:decision_screen", pk=pk)


@require_capability(Cap.VIEW_CASES)
def decision_what_if(request, pk):
    """The guidance for supposed facts (``?fact=yes|no``): computed, shown, never saved."""
    detainer, now = _load(request, pk, history=False)
    evaluation = selectors.evaluate_detainer(detainer, now=now)
    context = {
        "detainer": detainer,
        "hypothetical": hypothetical.hypothetical(evaluation, hypothetical.assumptions(request.GET)),
    }
    if request.htmx:
        return render(request, "cases/_decision_hypothetical.html", context)
    return render(request, "cases/decision_what_if.html", context)


# --------------------------------------------------------------------------- recording


def _record_from_form(request, form, detainer, *, supersedes=None):
    """The recorded decision, or None with the reasons put on the form."""
    if not form.is_valid():
        return None
    try:
        return record_service(
            detainer=detainer, acting_user=request.user, supersedes=supersedes, **form.cleaned_data
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


def _recorded(request, decision):
    text = "Decision recorded. It goes to a supervisor for review."
    if decision.is_override:
        text += " It rests on the override a supervisor approved."
    messages.success(request, text)
    return redirect("cases:decision_detail", pk=decision.pk)


@require_capability(Cap.RECORD_DECISIONS)
def decision_record(request, pk):
    detainer, now = _load(request, pk)
    if request.method != "POST":
        return _render_screen(request, detainer, now)
    form = DecisionForm(
        request.POST, duty_choices=duties.duty_choices(selectors.evaluate_detainer(detainer, now=now).result)
    )
    decision = _record_from_form(request, form, detainer)
    return _recorded(request, decision) if decision else _render_screen(request, detainer, now, form=form)


@require_capability(Cap.RECORD_DECISIONS)
def decision_correct(request, pk):
    """Record a new decision that supersedes this one (history is never edited)."""
    old = get_decision_for_user(request.user, pk)
    if not _may_correct(request.user, old):
        raise PermissionDenied("Only the officer who recorded this decision or a supervisor can correct it.")
    if hasattr(old, "superseded_by"):
        messages.info(request, "That decision has already been corrected: this is the correction.")
        return redirect("cases:decision_detail", pk=old.superseded_by.pk)
    detainer, now = _load(request, old.detainer_id)
    form = DecisionForm(
        request.POST or None,
        initial={"actions": old.actions},
        duty_choices=duties.duty_choices(selectors.evaluate_detainer(detainer, now=now).result),
        submit_label="Record the correction",
    )
    if request.method == "POST":
        decision = _record_from_form(request, form, detainer, supersedes=old)
        if decision:
            return _recorded(request, decision)
    return _render_screen(request, detainer, now, form=form, correcting=old)


# --------------------------------------------------------------------------- the record


def _record_context(request, decision) -> dict:
    result, facts = decision.result, decision.facts
    return {
        "decision": decision,
        "detainer": decision.detainer,
        "case": decision.detainer.case,
        "person": decision.detainer.case.person,
        "facts": presenters.facts_view(facts),
        "verdicts": presenters.verdicts(
            result, consent=facts["interview_consent"], policy=facts.get("agency_policy")
        ),
        "trace": presenters.trace_rows(result["trace"]),
        "rule_set": presenters.rule_set_view(decision.rule_set),
        "signoff": selectors.latest_signoff(
            decision.agency_id, decision.rule_set, before=decision.recorded_at
        ),
        "review": getattr(decision, "review", None),
        "superseded_by": getattr(decision, "superseded_by", None),
        "can_correct": not hasattr(decision, "superseded_by")
        and decision.detainer.case.is_open
        and _may_correct(request.user, decision),
        "can_review": user_can(request.user, Cap.REVIEW_DECISIONS),
        "duties": duties.duty_rows(decision.result, decision.duty_marks.select_related("done_by")),
        "can_mark_duties": not hasattr(decision, "superseded_by")
        and user_can(request.user, Cap.RECORD_DECISIONS),
    }


@require_capability(Cap.VIEW_CASES)
def decision_detail(request, pk):
    """One decision as recorded: the printable record. Viewing it is audited."""
    decision = get_decision_for_user(request.user, pk)
    audit_record(
        action=DecisionAuditAction.VIEW,
        acting_user=request.user,
        obj=decision,
        agency=decision.agency,
        request=request,
    )
    return render(request, "cases/decision_detail.html", _record_context(request, decision))


# --------------------------------------------------------------------------- review


@require_capability(Cap.REVIEW_DECISIONS)
def review_queue(request):
    page = CappedPaginator(selectors.review_queue_for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = queue_rows(selectors.review_queue_rows(page.object_list), user=request.user, now=timezone.now())
    return render(request, "cases/review_queue.html", {"page": page, "rows": rows})


@require_capability(Cap.REVIEW_DECISIONS)
def decision_review(request, pk):
    """Approve or return a decision (GET shows the form; the queue posts here directly)."""
    decision = get_decision_for_user(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = review_service(decision=decision, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:  # their own decision: say so on the form they came to
            form.add_error(None, str(exc))
        else:
            messages.success(request, _reviewed_message(review))
            return redirect("cases:review_queue")
    context = {
        **_record_context(request, decision),
        "form": form,
        "own": decision.recorded_by_id == request.user.pk,
    }
    return render(request, "cases/review_form.html", context)


def _reviewed_message(review) -> str:
    officer = review.decision.recorded_by.get_full_name() or review.decision.recorded_by.get_username()
    if review.outcome == ReviewOutcome.APPROVED:
        return f"Decision #{review.decision_id} approved."
    return f"Decision #{review.decision_id} returned to {officer} with your comments."


@require_capability(Cap.RECORD_DECISIONS)
def my_returned(request):
    page = CappedPaginator(selectors.returned_to_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cases/review_returned.html", {"page": page})


# --------------------------------------------------------------------------- counsel sign-off


@require_capability(Cap.VIEW_CASES)
def signoff_list(request):
    signoffs = list(selectors.signoffs_for_user(request.user))
    in_force = rule_set_in_force(timezone.now())
    rule_sets = [
        {
            **presenters.rule_set_view(rs),
            "in_force": rs == in_force,
            "signoffs": [s for s in signoffs if s.rule_set == rs],
        }
        for rs in presenters.LATEST_FIRST
    ]
    return render(request, "cases/signoff_list.html", {"rule_sets": rule_sets})


@require_capability(Cap.SIGN_OFF_RULES)
def signoff_create(request):
    chosen = request.GET.get("rule_set")
    form = SignOffForm(request.POST or None, initial={"rule_set": chosen} if chosen in RULE_SETS else {})
    if request.method == "POST" and form.is_valid():
        try:
            signoff = signoff_record(
                agency=request.user.agency, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Sign-off of {signoff.rule_set} by {signoff.counsel_name} recorded.")
            return redirect("cases:signoff_list")
    return render(request, "cases/signoff_form.html", {"form": form})


urlpatterns = [
    path("detainers/<int:pk>/decision/", decision_screen, name="decision_screen"),
    path("detainers/<int:pk>/decision/panel/", decision_panel, name="decision_panel"),
    path("detainers/<int:pk>/decision/facts/", decision_fact_toggle, name="decision_fact_toggle"),
    path("detainers/<int:pk>/decision/what-if/", decision_what_if, name="decision_what_if"),
    path("detainers/<int:pk>/decision/record/", decision_record, name="decision_record"),
    path("decisions/<int:pk>/", decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/correct/", decision_correct, name="decision_correct"),
    path("decisions/<int:pk>/review/", decision_review, name="decision_review"),
    path("decisions/returned/", my_returned, name="my_returned"),
    path("reviews/", review_queue, name="review_queue"),
    path("rule-sets/", signoff_list, name="signoff_list"),
    path("rule-sets/signoff/", signoff_create, name="signoff_create"),
]
