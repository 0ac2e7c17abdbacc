"""What every training page shares: role gates, page size, the form page, the write helpers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse

from trustportal.accounts.roles import Cap, require_capability
from trustportal.common.forms import add_service_error

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
