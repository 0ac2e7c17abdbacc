"""Custody pages: who is in custody, intake, people, bookings, charges, convictions,
release and transfer. Thin views: parse, fetch through access.py / selectors, call a
service, render or redirect."""

import copy
import itertools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.access import (
    get_case_for_user,
    get_case_page_for_user,
    get_charge_for_user,
    get_conviction_for_user,
    get_person_for_user,
)
from cases.audit_actions import CaseAction
from cases.catalogue.classes import resolve_classes
from cases.custody import selectors, services
from cases.custody.filters import CustodyFilter
from cases.custody.forms import (
    BookingForm,
    CaseEditForm,
    ChargeForm,
    ConvictionForm,
    IntakeSearchForm,
    PersonForm,
    ReleaseForm,
    TransferForm,
)
from cases.custody.selectors import (
    OPEN_DETAINER_STATUSES,
    case_page,
    custody_cases,
    people_matching,
    person_page,
)
from cases.models import Detainer
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.csv import csv_stream
from trustportal.common.forms import add_service_error
from trustportal.common.views import safe_next

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


# --- the custody list -------------------------------------------------------------------------


@require_capability(Cap.VIEW_CASES)
def custody_list(request):
    filterset = CustodyFilter(request.GET, queryset=custody_cases(request.user))
    if request.GET.get("format") == "csv":
        return _csv_response(request, filterset.qs)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "query_string": _query_string(request),
        "sort_links": _sort_links(request, filterset),
    }
    return render(request, "cases/custody_list.html", context)


def _sort_links(request, filterset) -> dict:
    """For each sortable column: the URL that sorts by it (toggling) and the current direction."""
    filterset.form.is_valid()  # cleans the form; a bad field leaves the others usable
    current = filterset.form.cleaned_data.get("o", "")
    links = {}
    for key in SORTABLE:
        params = _params(request, drop=("o", "page", "format"))
        params["o"] = f"-{key}" if current == key else key
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        links[key] = {"url": "?" + params.urlencode(), "direction": direction}
    return links


def _csv_row(case) -> list:
    person = case.person
    return [
        f"{person.last_name}, {person.first_name}",
        person.date_of_birth.isoformat(),
        case.booking_number,
        _local(case.booked_at),
        case.facility,
        case.get_status_display(),
        _local(case.releasable_at),
        case.open_detainers,
        person.a_number,
    ]


def _csv_response(request, cases):
    """Every filtered row (not just the page), streamed."""
    audit_record(
        action=CaseAction.CASE_EXPORT,
        acting_user=request.user,
        agency=request.user.agency,
        details={"query": _query_string(request)[:500]},
        request=request,
    )
    rows = itertools.chain([CSV_HEADER], (_csv_row(c) for c in cases.iterator(chunk_size=1000)))
    return csv_stream(rows, filename=f"custody-{timezone.localtime():%Y%m%d-%H%M}.csv")


# --- intake ---------------------------------------------------------------------------------


@require_capability(Cap.EDIT_CASES)
def intake(request):
    """Book a person: find them among the agency's people first, or enter them."""
    person = get_person_for_user(request.user, request.GET["person"]) if request.GET.get("person") else None
    search = IntakeSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    data = request.POST if request.method == "POST" else None
    person_form = None if person else PersonForm(data, agency=request.user.agency, submit=False)
    booking_form = BookingForm(data, submit=False)
    if data is not None:
        case = _intake_submit(request, person, person_form, booking_form)
        if case is not None:
            messages.success(
                request, f"{case.person.full_name} booked ({case}). Add the charges and history."
            )
            return redirect(_case_url(case))
    context = {
        "search": search,
        "query": query,
        "matches": people_matching(request.user, query),
        "person": person,
        "person_form": person_form,
        "booking_form": booking_form,
    }
    return render(request, "cases/intake.html", context)


def _intake_submit(request, person, person_form, booking_form):
    forms_ = [f for f in (person_form, booking_form) if f is not None]
    valid = [f.is_valid() for f in forms_]  # validate every form, so every error shows
    if not all(valid):
        return None
    try:
        return services.intake_book(
            agency=request.user.agency,
            person=person,
            person_data=person_form.cleaned_data if person_form else None,
            case_data=booking_form.cleaned_data,
            acting_user=request.user,
        )
    except ValidationError as exc:
        add_service_error(forms_, exc)
        return None


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
    form = PersonForm(request.POST or None, instance=copy.copy(person), agency=request.user.agency)
    return _form_page(
        request,
        form,
        lambda data: services.person_update(person=person, data=data, acting_user=request.user),
        title=f"Edit {person.full_name}",
        back=_person_url(person),
        success="Identity saved.",
    )


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
    open_detainers = Detainer.objects.filter(case=case, status__in=OPEN_DETAINER_STATUSES).count()
    context = {"case": case, "form": form, "kind": kind, "open_detainers": open_detainers}
    return render(request, "cases/case_close.html", context)


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


@require_capability(Cap.EDIT_CASES)
def conviction_add(request, pk):
    case = get_case_for_user(request.user, pk)
    return _form_page(
        request,
        ConvictionForm(request.POST or None),
        lambda data: services.conviction_add(person=case.person, data=data, acting_user=request.user),
        title=f"Add a prior conviction of {case.person.full_name}",
        back=_case_url(case),
        success="Conviction added.",
        extra={"note": CONVICTION_NOTE},
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


urlpatterns = [
    path("", custody_list, name="custody_list"),
    path("intake/", intake, name="intake"),
    path("people/<int:pk>/", person_detail, name="person_detail"),
    path("people/<int:pk>/history/", person_history, name="person_history"),
    path("people/<int:pk>/edit/", person_edit, name="person_edit"),
    path("<int:pk>/", case_detail, name="case_detail"),
    path("<int:pk>/timeline/", case_timeline, name="case_timeline"),
    path("<int:pk>/edit/", case_edit, name="case_edit"),
    path("<int:pk>/release/", case_release, name="case_release"),
    path("<int:pk>/transfer/", case_transfer, name="case_transfer"),
    path("<int:pk>/charges/add/", charge_add, name="charge_add"),
    path("charges/<int:pk>/edit/", charge_edit, name="charge_edit"),
    path("<int:pk>/convictions/add/", conviction_add, name="conviction_add"),
    path("convictions/<int:pk>/edit/", conviction_edit, name="conviction_edit"),
    path("convictions/<int:pk>/verify/", conviction_verify, name="conviction_verify"),
]
