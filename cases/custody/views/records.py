"""Charges and convictions (with verification)."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cases.access import (
    get_case_for_user,
    get_charge_for_user,
    get_conviction_for_user,
)
from cases.custody import services
from cases.custody.duplicates import duplicate_conviction
from cases.custody.forms import (
    ChargeForm,
    ConvictionForm,
)
from trustportal.accounts.roles import Cap, require_capability
from trustportal.common.views import safe_next

from .common import _case_url, _form_page, _person_url

# --- charges ------------------------------------------------------------------------------


@require_capability(Cap.EDIT_CASES)
def charge_add(request, pk):
    case = get_case_for_user(request.user, pk)
    return _form_page(
        request,
        ChargeForm(request.POST or None),
        lambda data: services.charge_add(case=case, data=data, acting_user=request.user),
        title=f"Add a charge to {case}",
        back=_case_url(case),
        success="Charge added.",
    )


@require_capability(Cap.EDIT_CASES)
def charge_edit(request, pk):
    charge = get_charge_for_user(request.user, pk)
    return _form_page(
        request,
        ChargeForm(request.POST or None, instance=copy.copy(charge)),
        lambda data: services.charge_update(charge=charge, data=data, acting_user=request.user),
        title=f"Edit charge {charge}",
        back=_case_url(charge.case),
        success="Charge saved.",
    )


# --- convictions ----------------------------------------------------------------------------

CONVICTION_NOTE = (
    "The felony class comes from the offense catalogue. Enter a class by hand only for an offense "
    "the catalogue lacks, and give the reason."
)


CONFIRM_DUPLICATE = "confirm_duplicate"


@require_capability(Cap.EDIT_CASES)
def conviction_add(request, pk):
    case = get_case_for_user(request.user, pk)
    extra = {"note": CONVICTION_NOTE}

    def save(data):
        same = duplicate_conviction(case.person, data)
        if same is not None and not request.POST.get(CONFIRM_DUPLICATE):
            extra["confirm"] = {
                "name": CONFIRM_DUPLICATE,
                "label": "It is a second, separate conviction: add it",
            }
            when = f" on {same.convicted_on:%Y-%m-%d}" if same.convicted_on else " without a date"
            raise ValidationError(
                f"{case.person.full_name} already has this conviction (§ {same}{when}). "
                "Entering it twice counts it twice in the guidance."
            )
        services.conviction_add(person=case.person, data=data, acting_user=request.user)

    return _form_page(
        request,
        ConvictionForm(request.POST or None),
        save,
        title=f"Add a prior conviction of {case.person.full_name}",
        back=_case_url(case),
        success="Conviction added.",
        extra=extra,
    )


@require_capability(Cap.EDIT_CASES)
def conviction_edit(request, pk):
    conviction = get_conviction_for_user(request.user, pk)
    back = safe_next(request, _person_url(conviction.person))
    return _form_page(
        request,
        ConvictionForm(request.POST or None, instance=copy.copy(conviction)),
        lambda data: services.conviction_update(conviction=conviction, data=data, acting_user=request.user),
        title=f"Edit conviction {conviction}",
        back=back,
        success="Conviction saved.",
        extra={"note": CONVICTION_NOTE, "next": back},
    )


@require_POST
@require_capability(Cap.EDIT_CASES)
def conviction_verify(request, pk):
    conviction = get_conviction_for_user(request.user, pk)
    services.conviction_verify(conviction=conviction, acting_user=request.user)
    messages.success(request, f"Conviction {conviction} marked as verified by you.")
    return redirect(safe_next(request, _person_url(conviction.person)))
