"""Supervisors (and agency admins): the training compliance of the agency's staff."""

from django.shortcuts import render

from training import access, selectors
from trustportal.accounts.roles import Cap
from trustportal.common.pagination import CappedPaginator

from .common import PAGE_SIZE


@access.require_any_capability(Cap.VIEW_TEAM_TRAINING)
def team_compliance(request):
    agency = request.user.agency
    page = CappedPaginator(selectors.officers_for_report(agency), PAGE_SIZE).get_page(request.GET.get("page"))
    required = selectors.certificate_required(agency)
    rows = selectors.compliance_rows(list(page.object_list), required=required)
    context = {"page": page, "rows": rows, "required": required}
    return render(request, "training/team_compliance.html", context)
