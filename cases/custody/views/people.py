"""A person's page, history and edit."""

import copy

from django.shortcuts import render

from cases.access import (
    get_person_for_user,
)
from cases.audit_actions import CaseAction
from cases.catalogue.classes import resolve_classes
from cases.custody import selectors, services
from cases.custody.forms import (
    PersonForm,
)
from cases.custody.selectors import (
    person_page,
)
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record

from .common import _form_page, _person_url

# --- people ---------------------------------------------------------------------------------


@require_capability(Cap.VIEW_CASES)
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    audit_record(
        action=CaseAction.PERSON_VIEW,
        acting_user=request.user,
        obj=person,
        agency=request.user.agency,
        request=request,
    )
    page = person_page(person)
    context = {"page": page, "person": person, "convictions": resolve_classes(page.convictions)}
    return render(request, "cases/person_detail.html", context)


@require_capability(Cap.VIEW_CASES)
def person_history(request, pk):
    """The person's audit history: loaded into the person page by htmx, or as a page of its own."""
    person = get_person_for_user(request.user, pk)
    template = "cases/_case_person_history.html" if request.htmx else "cases/person_history.html"
    return render(request, template, {"person": person, "history": selectors.person_history(person)})


@require_capability(Cap.EDIT_CASES)
def person_edit(request, pk):
    person = get_person_for_user(request.user, pk)
    if request.method == "GET":  # the form shows the person's identity: a read of personal data
        audit_record(action=CaseAction.PERSON_EDIT_VIEW, acting_user=request.user, obj=person,
                     agency=request.user.agency, request=request)  # fmt: skip
    form = PersonForm(request.POST or None, instance=copy.copy(person), agency=request.user.agency)
    return _form_page(
        request,
        form,
        lambda data: services.person_update(person=person, data=data, acting_user=request.user),
        title=f"Edit {person.full_name}",
        back=_person_url(person),
        success="Identity saved.",
    )
