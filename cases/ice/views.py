"""ICE access pages: record an act of access (gated), ask for and review an override, forward a
notification request to the agency head and the head's review of it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from cases.access import get_detainer_for_user, get_notification_review_for_user, get_override_for_user
from cases.decisions.forms import OverrideRequestForm, OverrideReviewForm
from cases.ice import gates
from cases.ice import services as ice_services
from cases.ice.forms import HeadReviewForm, IceAccessForm
from cases.models import NotificationReview, OverrideRequest
from trustportal.accounts.access import scope_to_agency
from trustportal.accounts.roles import Cap, require_capability
from trustportal.common.forms import add_service_error


def detainer_panel_context(detainer) -> dict:
    """The detainer page's ICE-access section: the records and the form (what is allowed now
    loads separately, ``ice_gate_panel``, so the page keeps its query budget)."""
    return {"access_form": IceAccessForm()}


@require_capability(Cap.VIEW_CASES)
def ice_gate_panel(request, pk):
    """What the agency may do now on the detainer, and the agency head's review (c)."""
    detainer = get_detainer_for_user(request.user, pk)
    context = {
        "detainer": detainer,
        "gate_rows": gates.summary(detainer),
        "notification_reviews": list(
            NotificationReview.objects.filter(detainer=detainer).select_related("reviewed_by", "forwarded_by")
        ),
    }
    return render_panel(request, "cases/_ice_gate_panel.html", context)


@require_capability(Cap.VIEW_CASES)
def override_panel(request, pk):
    """The decision screen's override requests: ask, approve or reject."""
    detainer = get_detainer_for_user(request.user, pk)
    context = {
        "detainer": detainer,
        "case": detainer.case,
        "override_requests": list(
            OverrideRequest.objects.filter(detainer=detainer).select_related("requested_by", "reviewed_by")
        ),
        "override_form": OverrideRequestForm(),
        "override_review_form": OverrideReviewForm(),
    }
    return render_panel(request, "cases/_decision_overrides.html", context)


def _decision_link(detainer) -> str:
    return reverse("cases:decision_screen", args=[detainer.pk])


def render_panel(request, template: str, context: dict):
    """A panel the detainer page or decision screen loads by htmx; opened without JavaScript,
    the same panel on a page of its own."""
    page = template if request.htmx else "cases/fragment_page.html"
    return render(request, page, {**context, "fragment": template})


def _errors(request, exc: ValidationError) -> None:
    """A service's refusal as messages (for the actions that go back to the page they came from)."""
    for message in exc.messages:
        messages.error(request, message)


def _back(request, detainer, message, anchor="ice-access"):
    messages.success(request, message)
    return redirect(reverse("cases:detainer_detail", args=[detainer.pk]) + f"#{anchor}")


def _refused(request, detainer, exc: ValidationError, anchor="ice-access"):
    """A refusal, in words, with the way to the decision screen."""
    _errors(request, exc)
    messages.info(request, f"The decision screen says what the law permits: {_decision_link(detainer)}")
    return redirect(reverse("cases:detainer_detail", args=[detainer.pk]) + f"#{anchor}")


@require_capability(Cap.EDIT_CASES)
def ice_access_add(request, pk):
    detainer = get_detainer_for_user(request.user, pk)
    form = IceAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            ice_services.ice_access_record(
                case=detainer.case, detainer=detainer, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return _back(request, detainer, "ICE access recorded.")
    context = {"form": form, "detainer": detainer, "decision_url": _decision_link(detainer)}
    return render(request, "cases/ice_access_form.html", context)


@require_POST
@require_capability(Cap.EDIT_CASES)
def notification_forward(request, pk):
    detainer = get_detainer_for_user(request.user, pk)
    try:
        ice_services.notification_request_forward(detainer=detainer, acting_user=request.user)
    except ValidationError as exc:
        return _refused(request, detainer, exc)
    return _back(request, detainer, "Forwarded to the head of the agency for review.")


@require_POST
@require_capability(Cap.REVIEW_NOTIFICATION_REQUESTS)
def notification_review(request, pk):
    review = get_notification_review_for_user(request.user, pk)
    form = HeadReviewForm(request.POST)
    if form.is_valid():
        try:
            ice_services.notification_request_review(
                review=review, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Review recorded.")
            return redirect("cases:notification_requests")
    return render(
        request, "cases/notification_requests.html", _queue_context(request, form=form, failed=review)
    )


def _queue_context(request, *, form=None, failed=None) -> dict:
    pending = scope_to_agency(NotificationReview.objects.filter(outcome=""), request.user)
    done = scope_to_agency(NotificationReview.objects.exclude(outcome=""), request.user)
    related = ("detainer__case__person", "forwarded_by", "reviewed_by")
    return {
        "pending": list(pending.select_related(*related).order_by("forwarded_at")),
        "done": list(done.select_related(*related).order_by("-reviewed_at")[:50]),
        "form": form or HeadReviewForm(),
        "blank_form": HeadReviewForm(),
        "failed": failed,
    }


@require_capability(Cap.VIEW_CASES)
def notification_requests(request):
    """The agency head's queue: requests to be told a release date, waiting and reviewed."""
    return render(request, "cases/notification_requests.html", _queue_context(request))


@require_POST
@require_capability(Cap.RECORD_DECISIONS)
def override_request_add(request, pk):
    detainer = get_detainer_for_user(request.user, pk)
    form = OverrideRequestForm(request.POST)
    back = _decision_link(detainer) + "#overrides"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        ice_services.override_request_create(detainer=detainer, acting_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, "Override requested. A supervisor other than you will approve or reject it."
        )
    return redirect(back)


@require_POST
@require_capability(Cap.REVIEW_DECISIONS)
def override_review(request, pk):
    override = get_override_for_user(request.user, pk)
    form = OverrideReviewForm(request.POST)
    back = _decision_link(override.detainer) + "#overrides"
    if not form.is_valid():
        messages.error(request, "Choose approve or reject.")
        return redirect(back)
    try:
        ice_services.override_request_review(request=override, acting_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Override {form.cleaned_data['outcome']}.")
    return redirect(back)


urlpatterns = [
    path("detainers/<int:pk>/ice-gate/", ice_gate_panel, name="ice_gate_panel"),
    path("detainers/<int:pk>/overrides/", override_panel, name="override_panel"),
    path("detainers/<int:pk>/ice-access/new/", ice_access_add, name="ice_access_add"),
    path(
        "detainers/<int:pk>/notification-request/forward/", notification_forward, name="notification_forward"
    ),
    path("notification-requests/", notification_requests, name="notification_requests"),
    path("notification-requests/<int:pk>/review/", notification_review, name="notification_review"),
    path("detainers/<int:pk>/overrides/new/", override_request_add, name="override_request_add"),
    path("overrides/<int:pk>/review/", override_review, name="override_review"),
]
