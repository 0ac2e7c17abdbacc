"""A duty of a recorded decision marked done later (the copy served an hour after)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from cases.access import get_decision_for_user
from cases.decisions import duties
from cases.decisions.duty_services import decision_duty_done
from cases.decisions.forms import DutyDoneForm
from trustportal.accounts.roles import Cap, require_capability


@require_POST
@require_capability(Cap.RECORD_DECISIONS)
def decision_duty_mark(request, pk):
    """Record that a duty of this decision was done (later): a new row; the decision is unchanged."""
    decision = get_decision_for_user(request.user, pk)
    form = DutyDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter when the duty was done as a date and time, or leave it empty.")
        return redirect("cases:decision_detail", pk=pk)
    duty = form.cleaned_data["duty"]
    try:
        decision_duty_done(
            decision=decision, duty=duty, done_at=form.cleaned_data["done_at"], acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        words = duties.duty_words(decision.rule_set, duty)["sentence"]
        messages.success(request, f"Recorded as done: {words}")
    return redirect("cases:decision_detail", pk=pk)


urlpatterns = [
    path("decisions/<int:pk>/duties/", decision_duty_mark, name="decision_duty_mark"),
]
