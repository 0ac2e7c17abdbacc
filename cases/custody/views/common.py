"""What the custody pages share: list parameters, URLs of a case and a person, the form page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from trustportal.common.forms import add_service_error

PAGE_SIZE = 50
CSV_HEADER = [
    "Name",
    "Date of birth",
    "Booking number",
    "Booked at",
    "Facility",
    "Status",
    "Releasable at",
    "Open detainers",
    "A-number",
]
SORTABLE = ("booked_at", "name", "releasable_at")


# --- helpers -------------------------------------------------------------------------------


def _params(request, drop=("page", "format")):
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params


def _query_string(request) -> str:
    return _params(request).urlencode()


def _case_url(case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def _person_url(person) -> str:
    return reverse("cases:person_detail", args=[person.pk])


def _form_page(request, form, save, *, title: str, back: str, success: str, extra=None):
    """Validate, call the service, redirect; a refusal goes on the form and the page shows again."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_service_error([form], exc)
        else:
            messages.success(request, success)
            return redirect(back)
    context = {"form": form, "title": title, "back": back, **(extra or {})}
    return render(request, "cases/case_form.html", context)


def _local(value, fmt="%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""
