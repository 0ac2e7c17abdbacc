"""Catalogue proposals: an agency admin proposes a correction; the steward accepts or rejects."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from cases.access import get_offense_for_user, get_proposal_for_user, proposals_for_user
from cases.catalogue import proposals
from cases.catalogue.forms import ProposalDecisionForm, ProposalForm
from cases.models import Offense, ProposalStatus
from trustportal.accounts.roles import Cap, require_capability, user_can
from trustportal.common.forms import add_service_error


def _propose(request, offense):
    form = ProposalForm(request.POST or None, instance=copy.copy(offense) if offense else Offense())
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            proposal = proposals.proposal_create(
                offense=offense, data=data, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Your proposal is with the catalogue steward.")
            return redirect("cases:proposal_detail", pk=proposal.pk)
    title = f"Propose a correction of § {offense.statute}" if offense else "Propose a new catalogue row"
    return render(request, "cases/proposal_form.html", {"form": form, "title": title, "offense": offense})


@require_capability(Cap.PROPOSE_CATALOGUE)
def proposal_create(request):
    return _propose(request, None)


@require_capability(Cap.PROPOSE_CATALOGUE)
def proposal_create_for(request, pk):
    return _propose(request, get_offense_for_user(request.user, pk))


def _may_see_proposals(user) -> bool:
    return user_can(user, Cap.EDIT_CATALOGUE) or user_can(user, Cap.PROPOSE_CATALOGUE)


def proposal_list(request):
    if not _may_see_proposals(request.user):
        raise PermissionDenied("Only agency administrators and the catalogue steward see proposals.")
    status = request.GET.get("status", ProposalStatus.PENDING)
    status = status if status in ProposalStatus.values or status == "all" else ProposalStatus.PENDING
    qs = proposals_for_user(request.user)
    qs = qs if status == "all" else qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": ProposalStatus.choices,
               "query_string": f"status={status}"}  # fmt: skip
    return render(request, "cases/proposal_list.html", context)


def proposal_detail(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    return _detail(request, proposal, ProposalDecisionForm())


def _detail(request, proposal, form, status=200):
    context = {
        "proposal": proposal,
        "rows": proposals.proposed_rows(proposal),
        "form": form,
        "can_decide": proposal.status == ProposalStatus.PENDING
        and user_can(request.user, Cap.EDIT_CATALOGUE),
    }
    return render(request, "cases/proposal_detail.html", context, status=status)


@require_POST
@require_capability(Cap.EDIT_CATALOGUE)
def proposal_decide(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    form = ProposalDecisionForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    if form.is_valid():
        decide = proposals.proposal_accept if accept else proposals.proposal_reject
        try:
            decide(proposal=proposal, comments=form.cleaned_data["comments"], acting_user=request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Proposal accepted: the catalogue is changed for every agency."
                             if accept else "Proposal rejected.")  # fmt: skip
            return redirect("cases:proposal_list")
    return _detail(request, proposal, form, status=200)


urlpatterns = [
    path("catalogue/proposals/", proposal_list, name="proposal_list"),
    path("catalogue/proposals/new/", proposal_create, name="proposal_create"),
    path("catalogue/<int:pk>/propose/", proposal_create_for, name="proposal_create_for"),
    path("catalogue/proposals/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("catalogue/proposals/<int:pk>/decide/", proposal_decide, name="proposal_decide"),
]
