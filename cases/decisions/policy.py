"""The agency's decision policy (agency policy, not law): its page and its audited write.

Today one setting: "ICE interviews need the person's written consent" (default on). The
decision screen feeds it to the engine as ``agency_policy.interview_requires_consent``.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path

from cases.audit_actions import DecisionAuditAction as A
from cases.models import DecisionPolicy
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.services import apply_changes, save_valid

POLICY_FIELDS = ("interview_requires_consent",)


def policy_of(agency) -> DecisionPolicy:
    """The agency's policy, or an unsaved one with the defaults."""
    return DecisionPolicy.objects.filter(agency=agency).first() or DecisionPolicy(agency=agency)


@transaction.atomic
def decision_policy_save(*, agency, data: dict, acting_user) -> DecisionPolicy:
    policy = DecisionPolicy.objects.select_for_update().filter(agency=agency).first()
    policy = policy or DecisionPolicy(agency=agency)
    changes = apply_changes(policy, data, POLICY_FIELDS)
    save_valid(policy)
    audit_record(
        action=A.POLICY, acting_user=acting_user, obj=policy, agency=agency, details={"changes": changes}
    )
    return policy


class DecisionPolicyForm(forms.ModelForm):
    class Meta:
        model = DecisionPolicy
        fields = list(POLICY_FIELDS)


@require_capability(Cap.MANAGE_USERS)
def decision_policy_edit(request):
    agency = request.user.agency
    data = request.POST if request.method == "POST" else None
    form = DecisionPolicyForm(data, instance=policy_of(agency))
    if request.method == "POST" and form.is_valid():
        decision_policy_save(agency=agency, data=form.cleaned_data, acting_user=request.user)
        messages.success(request, "Decision policy saved.")
        return redirect("cases:decision_policy")
    return render(request, "cases/decision_policy.html", {"form": form, "agency": agency})


urlpatterns = [path("policy/", decision_policy_edit, name="decision_policy")]
