"""Who is in custody (search, filters, sort, CSV) and intake (book a new or known person)."""

import itertools
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from cases.access import (
    get_person_for_user,
)
from cases.audit_actions import CaseAction
from cases.custody import services
from cases.custody.duplicates import intake_warnings, likely_matches
from cases.custody.filters import CustodyFilter
from cases.custody.forms import (
    BookingForm,
    IntakeSearchForm,
    PersonForm,
)
from cases.custody.list_rows import ROW_COLUMNS, custody_rows
from cases.custody.selectors import (
    custody_cases,
    people_matching,
)
from cases.decisions.selectors import decision_matching
from cases.detainers.selectors import detainers_matching
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.csv import csv_stream
from trustportal.common.forms import add_service_error
from trustportal.common.pagination import CappedPaginator

from .common import CSV_HEADER, PAGE_SIZE, SORTABLE, _case_url, _local, _params, _query_string

# --- the custody list -------------------------------------------------------------------------

# The list counts this far (20 pages), then says "more than 1,000": counting every match of a
# filter costs as much as the table is large (benchmarks/README.md).
COUNT_CAP = 1_000


@require_capability(Cap.VIEW_CASES)
def custody_list(request):
    filterset = CustodyFilter(request.GET, queryset=custody_cases(request.user), request=request)
    if request.GET.get("format") == "csv":
        return _csv_response(request, filterset.qs)
    audit_record(action=CaseAction.CASE_LIST_VIEW, acting_user=request.user, agency=request.user.agency,
                 details={"query": _query_string(request)[:500]}, request=request)  # fmt: skip
    page = CappedPaginator(filterset.qs, PAGE_SIZE, cap=COUNT_CAP).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        # the page's bookings as tuples, not models (list_rows.py); counted without the person
        "rows": custody_rows(page.object_list.values_list(*ROW_COLUMNS)),
        "query_string": _query_string(request),
        "sort_links": _sort_links(request, filterset),
        # The navigation's one search box posts here: it also finds detainers (Subject ID,
        # Event #, A-number) and a decision by its number.
        **_records_found(request),
    }
    return render(request, "cases/custody_list.html", context)


def _records_found(request) -> dict:
    text = (request.GET.get("q") or "")[:100]
    if not text.strip():
        return {}
    return {
        "found_detainers": detainers_matching(request.user, text),
        "found_decision": decision_matching(request.user, text),
    }


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


@dataclass
class IntakeCheck:
    """What the officer must settle before booking: likely matches to choose among, and
    plausibility warnings to confirm."""

    matches: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    choice_missing: bool = False
    shown: list = field(default_factory=list)  # a choice already made, carried to the next step
    choice: str = ""


@require_capability(Cap.EDIT_CASES)
def intake(request):
    """Book a person: find them among the agency's people first, or enter them."""
    person = get_person_for_user(request.user, request.GET["person"]) if request.GET.get("person") else None
    search = IntakeSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    matches = people_matching(request.user, query)
    if query.strip() and request.method == "GET":
        audit_record(action=CaseAction.PERSON_SEARCH, acting_user=request.user, agency=request.user.agency,
                     details={"query": query[:100], "found": len(matches)}, request=request)  # fmt: skip
    data = request.POST if request.method == "POST" else None
    person_form = None if person else PersonForm(data, agency=request.user.agency, submit=False)
    booking_form = BookingForm(data, submit=False)
    check = IntakeCheck()
    if data is not None:
        case, check = _intake_submit(request, person, person_form, booking_form)
        if case is not None:
            messages.success(
                request, f"{case.person.full_name} booked ({case}). Add the charges and history."
            )
            return redirect(_case_url(case))
    context = {
        "search": search,
        "query": query,
        "matches": matches,
        "person": person,
        "person_form": person_form,
        "booking_form": booking_form,
        "check": check,
    }
    return render(request, "cases/intake.html", context)


def _shown(post) -> set[int]:
    return {int(v) for v in post.getlist("shown") if v.isdigit()}


def _intake_submit(request, person, person_form, booking_form):
    """Book, or say what the officer must settle first: (case or None, IntakeCheck)."""
    forms_ = [f for f in (person_form, booking_form) if f is not None]
    valid = [f.is_valid() for f in forms_]  # validate every form, so every error shows
    if not all(valid):
        return None, IntakeCheck()
    agency = request.user.agency
    person_data = person_form.cleaned_data if person_form else None
    shown, choice, candidates = _shown(request.POST), request.POST.get("same_person", ""), []
    if person is None:
        matches = likely_matches(agency, person_data)
        if matches and (not choice or any(m.pk not in shown for m in matches)):
            return None, IntakeCheck(matches=matches, choice_missing=bool(choice))
        candidates = [m.pk for m in matches]
        chosen = next((m for m in matches if str(m.pk) == choice), None)
        if chosen is not None:  # "this is the person already recorded": book them
            person, person_data = chosen, None
    warnings = intake_warnings(agency, person_data=person_data, case_data=booking_form.cleaned_data)
    if warnings and not request.POST.get("confirm_warnings"):
        return None, IntakeCheck(warnings=warnings, shown=sorted(shown), choice=choice)
    try:
        case = services.intake_book(
            agency=agency,
            person=person,
            person_data=person_data,
            case_data=booking_form.cleaned_data,
            acting_user=request.user,
            candidates=candidates,
        )
    except ValidationError as exc:
        add_service_error(forms_, exc)
        return None, IntakeCheck()
    return case, IntakeCheck()
