"""A person's page, history and edit."""

import copy

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from cases.access import (
    get_person_for_user,
)
from cases.audit_actions import CaseAction
from cases.catalogue.classes import resolve_classes
from cases.custody import selectors, services
from cases.custody.duplicates import likely_matches
from cases.custody.forms import (
    PersonForm,
)
from cases.custody.merge import person_merge as merge_service
from cases.custody.selectors import (
    person_page,
)
from cases.models import Person
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.forms import add_service_error

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


class MergeForm(forms.Form):
    duplicate = forms.TypedChoiceField(
        label="The duplicate record (deleted after its bookings and convictions move here)",
        coerce=int,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why these records are the same person",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = choices


def _merge_choices(user, keep, query: str):
    fields = {
        f: getattr(keep, f) for f in ("last_name", "date_of_birth", "a_number", "state_id", "fbi_number")
    }
    people = likely_matches(keep.agency, fields, exclude_pk=keep.pk)
    if query:
        people += [p for p in selectors.people_matching(user, query) if p.pk != keep.pk and p not in people]
    return people


def _merge_label(p: Person) -> str:
    ids = ", ".join(f"{label} {v}" for label, v in (("A-number", p.a_number), ("State ID", p.state_id)) if v)
    return (
        f"{p.last_name}, {p.first_name} {p.middle_name}".strip()
        + f", born {p.date_of_birth:%Y-%m-%d}"
        + (f", {ids}" if ids else "")
    )


@require_capability(Cap.MERGE_PEOPLE)
def person_merge(request, pk):
    """An agency admin merges a duplicate (found among likely matches or by search) into this person."""
    keep = get_person_for_user(request.user, pk)
    query = request.GET.get("q", "").strip()[:100]
    candidates = _merge_choices(request.user, keep, query)
    if request.method == "POST":  # the duplicate may have been found by a search the POST does not repeat
        posted = request.POST.get("duplicate", "")
        if posted.isdigit() and all(p.pk != int(posted) for p in candidates):
            candidates.append(get_person_for_user(request.user, posted))
    form = MergeForm(request.POST or None, choices=[(p.pk, _merge_label(p)) for p in candidates])
    if request.method == "POST" and form.is_valid():
        duplicate = next(p for p in candidates if p.pk == form.cleaned_data["duplicate"])
        try:
            merge_service(
                keep=keep, duplicate=duplicate, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as exc:
            add_service_error([form], exc)
        else:
            messages.success(request, f"{duplicate} merged into {keep.full_name}.")
            return redirect(_person_url(keep))
    context = {"person": keep, "form": form, "query": query, "candidates": candidates}
    return render(request, "cases/person_merge.html", context)
