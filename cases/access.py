"""One access helper per object kind. Another agency's record is a 404 exactly like a
missing one; views never call ``Model.objects.get`` on case data directly."""

from django.db.models import Prefetch

from trustportal.accounts.access import get_scoped_or_404, scope_to_agency

from .models import Charge, Conviction, CustodyCase, Detainer, DetainerDocument, DetainerScan, Person


def people_for_user(user):
    return scope_to_agency(Person.objects.all(), user)


def cases_for_user(user):
    return scope_to_agency(CustodyCase.objects.all(), user)


def detainers_for_user(user):
    return scope_to_agency(Detainer.objects.all(), user, field="case__agency")


def get_person_for_user(user, pk) -> Person:
    return get_scoped_or_404(Person.objects.all(), user, pk=pk)


def get_case_for_user(user, pk) -> CustodyCase:
    return get_scoped_or_404(CustodyCase.objects.select_related("person", "agency"), user, pk=pk)


def get_detainer_for_user(user, pk) -> Detainer:
    qs = Detainer.objects.select_related("case", "case__person", "case__agency").prefetch_related(
        Prefetch("documents", queryset=DetainerDocument.objects.order_by("created_at", "id"))
    )
    return get_scoped_or_404(qs, user, field="case__agency", pk=pk)


def get_charge_for_user(user, pk) -> Charge:
    return get_scoped_or_404(Charge.objects.select_related("case"), user, field="case__agency", pk=pk)


def get_conviction_for_user(user, pk) -> Conviction:
    return get_scoped_or_404(Conviction.objects.select_related("person"), user, field="person__agency", pk=pk)


def get_document_for_user(user, pk) -> DetainerDocument:
    return get_scoped_or_404(
        DetainerDocument.objects.select_related("detainer", "detainer__case"), user,
        field="detainer__case__agency", pk=pk,
    )


def get_scan_for_user(user, pk) -> DetainerScan:
    return get_scoped_or_404(
        DetainerScan.objects.select_related("detainer", "detainer__case"), user,
        field="detainer__case__agency", pk=pk,
    )
