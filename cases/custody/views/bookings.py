"""A booking's page, timeline and edit; release and transfer."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from cases.access import (
    get_case_for_user,
    get_case_page_for_user,
)
from cases.audit_actions import CaseAction
from cases.catalogue.classes import resolve_classes
from cases.custody import selectors, services
from cases.custody.forms import (
    CaseEditForm,
    ReleaseForm,
    TransferForm,
)
from cases.custody.selectors import (
    OPEN_DETAINER_STATUSES,
    case_page,
)
from cases.models import Detainer
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.forms import add_service_error

from .common import _case_url, _form_page

# --- custody cases -------------------------------------------------------------------------


@require_capability(Cap.VIEW_CASES)
def case_detail(request, pk):
    case = get_case_page_for_user(request.user, pk)
    audit_record(
        action=CaseAction.CASE_VIEW, acting_user=request.user, obj=case, agency=case.agency, request=request
    )
    page = case_page(case)
    context = {
        "page": page,
        "case": case,
        "person": case.person,
        "convictions": resolve_classes(page.convictions),
    }
    return render(request, "cases/case_detail.html", context)


@require_capability(Cap.VIEW_CASES)
def case_timeline(request, pk):
    """Every event of the case in order: loaded into the case page by htmx, or as a page of its own."""
    case = get_case_page_for_user(request.user, pk)
    audit_record(
        action=CaseAction.CASE_TIMELINE_VIEW, acting_user=request.user, obj=case, agency=case.agency,
        request=request,
    )  # fmt: skip
    template = "cases/_case_timeline.html" if request.htmx else "cases/case_timeline.html"
    return render(request, template, {"case": case, "timeline": selectors.case_timeline(case)})


def _refuse_closed(request, case):
    messages.error(
        request,
        f"This booking is closed ({case.get_status_display().lower()}); it can no longer be changed.",
    )
    return redirect(_case_url(case))


@require_capability(Cap.EDIT_CASES)
def case_edit(request, pk):
    case = get_case_for_user(request.user, pk)
    if not case.is_open:
        return _refuse_closed(request, case)
    form = CaseEditForm(request.POST or None, instance=copy.copy(case))
    return _form_page(
        request,
        form,
        lambda data: services.case_update(case=case, data=data, acting_user=request.user),
        title=f"Edit {case}",
        back=_case_url(case),
        success="Booking saved.",
    )


# --- release and transfer -------------------------------------------------------------------


@require_capability(Cap.EDIT_CASES)
def case_release(request, pk):
    return _close_page(request, pk, ReleaseForm, _do_release, "release")


@require_capability(Cap.EDIT_CASES)
def case_transfer(request, pk):
    return _close_page(request, pk, TransferForm, _do_transfer, "transfer")


def _do_release(case, data, user):
    return services.case_release(case=case, at=data["at"], reason=data["reason"], acting_user=user)


def _do_transfer(case, data, user):
    return services.case_transfer(
        case=case,
        to_ice=data["to"] == TransferForm.TO_ICE,
        at=data["at"],
        reason=data["reason"],
        destination=data.get("destination", ""),
        acting_user=user,
    )


def _close_page(request, pk, form_class, do, kind: str):
    """Confirmation on GET; the release or transfer on POST. A closed case is refused."""
    case = get_case_for_user(request.user, pk)
    if request.method != "POST" and not case.is_open:
        return _refuse_closed(request, case)  # on POST the service refuses, in its own words
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = do(case, form.cleaned_data, request.user)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # an impossible transition: say so on the case page
                messages.error(request, " ".join(exc.messages))
                return redirect(_case_url(case))
            add_service_error([form], exc)
        else:
            messages.success(request, f"{case.person.full_name}: {case.get_status_display().lower()}.")
            return redirect(_case_url(case))
    statuses = dict(Detainer.objects.filter(case=case).values_list("pk", "status"))
    open_ids = [pk for pk, status in statuses.items() if status in OPEN_DETAINER_STATUSES]
    context = {
        "case": case,
        "form": form,
        "kind": kind,
        "open_detainers": len(open_ids),
        # a refused transfer links to the decision screen of every detainer that could bear on it
        "decision_detainer_ids": [
            pk for pk, s in statuses.items() if s in (*OPEN_DETAINER_STATUSES, "declined")
        ],
    }
    return render(request, "cases/case_close.html", context)
