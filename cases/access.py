"""One access helper per object kind. Another agency's record is a 404 exactly like a
missing one; views never call ``Model.objects.get`` on case data directly."""

from django.db.models import Prefetch

from cases.models import Charge, Conviction, CustodyCase, Detainer, DetainerDocument, DetainerScan, Person
from trustportal.accounts.access import get_scoped_or_404, scope_to_agency


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
        DetainerDocument.objects.select_related("detainer", "detainer__case"),
        user,
        field="detainer__case__agency",
        pk=pk,
    )


def get_scan_for_user(user, pk) -> DetainerScan:
    return get_scoped_or_404(
        DetainerScan.objects.select_related("detainer", "detainer__case"),
        user,
        field="detainer__case__agency",
        pk=pk,
    )


def get_detainer_detail_for_user(user, pk) -> Detainer:
    """A detainer with everything its detail page shows, in a fixed number of queries."""
    from cases.models import IceAccess

    qs = Detainer.objects.select_related("case", "case__person", "case__agency", "created_by")
    qs = qs.prefetch_related(
        "documents",  # each list in its model's order (by time)
        Prefetch("scans", queryset=DetainerScan.objects.select_related("uploaded_by")),
        Prefetch("ice_accesses", queryset=IceAccess.objects.select_related("recorded_by")),
    )
    return get_scoped_or_404(qs, user, field="case__agency", pk=pk)


def get_offense_for_user(user, pk):
    """A row of the statewide offense catalogue: not agency data, every agency reads the same rows."""
    from django.shortcuts import get_object_or_404

    from cases.models import Offense

    return get_object_or_404(Offense, pk=pk)


def get_decision_for_user(user, pk):
    """A decision of the user's agency, with what its record page shows."""
    from cases.models import Decision

    qs = Decision.objects.select_related(
        "agency", "detainer__case__person", "recorded_by", "review__reviewer", "supersedes", "superseded_by"
    )
    return get_scoped_or_404(qs, user, pk=pk)


# --- custody pages --------------------------------------------------------------------------


def get_case_page_for_user(user, pk) -> CustodyCase:
    """A case with the person, the agency and who closed it (for the case page and timeline)."""
    return get_scoped_or_404(CustodyCase.objects.select_related("person", "agency", "closed_by"), user, pk=pk)


def get_override_for_user(user, pk):
    from cases.models import OverrideRequest

    return get_scoped_or_404(OverrideRequest.objects.select_related("detainer"), user, pk=pk)


def get_notification_review_for_user(user, pk):
    from cases.models import NotificationReview

    return get_scoped_or_404(NotificationReview.objects.select_related("detainer__case__person"), user, pk=pk)


def get_proposal_for_user(user, pk):
    """A catalogue proposal: the steward (statewide) sees every agency's; an agency admin
    only their own agency's; anyone else gets the same 404 as for a missing one."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from cases.models import CatalogueProposal
    from trustportal.accounts.roles import Cap, user_can

    qs = CatalogueProposal.objects.select_related("offense", "agency", "proposed_by", "reviewed_by")
    if user_can(user, Cap.EDIT_CATALOGUE):
        return get_object_or_404(qs, pk=pk)
    if user_can(user, Cap.PROPOSE_CATALOGUE):
        return get_scoped_or_404(qs, user, pk=pk)
    raise Http404("No such proposal.")


def proposals_for_user(user):
    from cases.models import CatalogueProposal
    from trustportal.accounts.roles import Cap, user_can

    qs = CatalogueProposal.objects.select_related("offense", "agency", "proposed_by", "reviewed_by")
    return qs if user_can(user, Cap.EDIT_CATALOGUE) else scope_to_agency(qs, user)


def get_notice_for_user(user, pk):
    from cases.models import DetainerNotice

    return get_scoped_or_404(
        DetainerNotice.objects.select_related("detainer__case", "agency", "decision", "served_by"),
        user,
        pk=pk,
    )


def get_ice_access_for_user(user, pk):
    from cases.models import IceAccess

    return get_scoped_or_404(IceAccess.objects.select_related("agency", "detainer"), user, pk=pk)
