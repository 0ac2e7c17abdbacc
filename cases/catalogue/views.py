"""The offense catalogue: everyone with a case role reads it and its change history; the
statewide catalogue steward corrects it; an agency admin proposes corrections
(``proposal_views.py``)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path, reverse

from cases.access import get_offense_for_user
from cases.catalogue import services
from cases.catalogue.forms import OffenseForm
from cases.catalogue.history import catalogue_changes, row_history
from cases.models import Candidate2025, Offense
from trustportal.accounts.roles import Cap, require_capability, user_can
from trustportal.common.forms import add_service_error
from trustportal.common.pagination import CappedPaginator


@require_capability(Cap.VIEW_CATALOGUE)
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


@require_capability(Cap.VIEW_CATALOGUE)
def catalogue_history(request):
    """Every change to the statewide catalogue, newest first: every agency sees the same."""
    page = Paginator(Offense.history.order_by("-history_date", "-history_id"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "cases/catalogue_history.html", {"page": page, "entries": catalogue_changes(page)})


def _steward_only(request, offense=None):
    """Only the steward edits. An agency admin gets a 403 that says so and links to a proposal."""
    if user_can(request.user, Cap.EDIT_CATALOGUE):
        return None
    if not user_can(request.user, Cap.PROPOSE_CATALOGUE):
        raise PermissionDenied("Your role does not allow changing the offense catalogue.")
    args = [offense.pk] if offense is not None else []
    propose_url = reverse("cases:proposal_create_for" if offense else "cases:proposal_create", args=args)
    context = {"reason": services.ONLY_THE_STEWARD, "propose_url": propose_url, "offense": offense}
    return render(request, "cases/catalogue_denied.html", context, status=403)


def offense_create(request):
    if (denied := _steward_only(request)) is not None:
        return denied
    form = OffenseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, Offense(), "added")
    return render(request, "cases/catalogue_form.html", {"form": form, "title": "Add a catalogue row"})


def offense_edit(request, pk):
    offense = get_offense_for_user(request.user, pk)
    if (denied := _steward_only(request, offense)) is not None:
        return denied
    form = OffenseForm(request.POST if request.method == "POST" else None, instance=offense)
    if request.method == "POST" and form.is_valid():
        # the form has changed its instance: give the service the row as stored
        return _save(request, form, get_offense_for_user(request.user, pk), "saved")
    context = {"form": form, "title": f"Edit § {offense.statute}", "offense": offense,
               "history": row_history(offense)}  # fmt: skip
    return render(request, "cases/catalogue_form.html", context)


def _save(request, form, offense, done):
    try:
        offense = services.offense_save(offense=offense, data=form.cleaned_data, acting_user=request.user)
    except ValidationError as exc:
        add_service_error(form, exc)
        return render(request, "cases/catalogue_form.html", {"form": form, "title": "Catalogue row"})
    messages.success(request, f"Catalogue row {offense} {done}. The change applies to every agency.")
    return redirect("cases:catalogue_list")


urlpatterns = [
    path("catalogue/", catalogue_list, name="catalogue_list"),
    path("catalogue/history/", catalogue_history, name="catalogue_history"),
    path("catalogue/new/", offense_create, name="offense_create"),
    path("catalogue/<int:pk>/edit/", offense_edit, name="offense_edit"),
]
