"""The offense catalogue: everyone with a case role reads it; agency admins correct it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path

from cases.access import get_offense_for_user
from cases.catalogue import services
from cases.catalogue.forms import OffenseForm
from cases.models import Candidate2025, Offense
from trustportal.accounts.roles import Cap, require_capability
from trustportal.common.forms import add_service_error
from trustportal.common.pagination import CappedPaginator

HISTORY_SHOWN = 50


@require_capability(Cap.VIEW_CASES)
def catalogue_list(request):
    query = request.GET.get("q", "").strip()[:100]
    offenses = Offense.objects.all()
    if query:
        statute = query.lstrip("§").strip()
        offenses = offenses.filter(Q(statute__istartswith=statute) | Q(title__icontains=query))
    page = CappedPaginator(offenses, 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "query_string": urlencode({"q": query}) if query else "",
        "candidates": Candidate2025.objects.all(),
    }
    return render(request, "cases/catalogue_list.html", context)


@require_capability(Cap.EDIT_CATALOGUE)
def offense_create(request):
    form = OffenseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, Offense(), "added")
    return render(request, "cases/catalogue_form.html", {"form": form, "title": "Add a catalogue row"})


@require_capability(Cap.EDIT_CATALOGUE)
def offense_edit(request, pk):
    offense = get_offense_for_user(request.user, pk)
    form = OffenseForm(request.POST if request.method == "POST" else None, instance=offense)
    if request.method == "POST" and form.is_valid():
        # the form has changed its instance: give the service the row as stored
        return _save(request, form, get_offense_for_user(request.user, pk), "saved")
    context = {"form": form, "title": f"Edit § {offense.statute}", "offense": offense,
               "history": _history(offense)}  # fmt: skip
    return render(request, "cases/catalogue_form.html", context)


def _save(request, form, offense, done):
    try:
        offense = services.offense_save(offense=offense, data=form.cleaned_data, acting_user=request.user)
    except ValidationError as exc:
        add_service_error(form, exc)
        return render(request, "cases/catalogue_form.html", {"form": form, "title": "Catalogue row"})
    messages.success(request, f"Catalogue row {offense} {done}.")
    return redirect("cases:catalogue_list")


def _history(offense):
    """The row's past versions, newest first, each with what changed from the one before."""
    records = list(offense.history.select_related("history_user").order_by("-history_date", "-history_id")
                   [: HISTORY_SHOWN + 1])  # fmt: skip
    entries = []  # rows seeded by a migration have no history records at all
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = (
            newer.diff_against(older, excluded_fields=["updated_at"]).changes if older is not None else []
        )
        entries.append({"record": newer, "changes": changes})
    return entries[:HISTORY_SHOWN]


urlpatterns = [
    path("catalogue/", catalogue_list, name="catalogue_list"),
    path("catalogue/new/", offense_create, name="offense_create"),
    path("catalogue/<int:pk>/edit/", offense_edit, name="offense_edit"),
]
