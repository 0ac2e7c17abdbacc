"""The one place that decides what each role may do.

Roles are Django groups (created by a data migration). Views ask ``user_can(user, CAP)``
or use ``require_capability``; they never test group names themselves.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    DESK_OFFICER = "Desk officer"
    SUPERVISOR = "Supervisor"
    TRAINER = "Trainer"
    AGENCY_ADMIN = "Agency admin"
    AUDITOR = "Auditor"
    AGENCY_HEAD = "Agency head"
    CATALOGUE_STEWARD = "Catalogue steward"
    STATE_ANALYST = "State analyst"


# Statewide roles: their capabilities reach beyond the user's own agency (the offense catalogue
# is one for the whole state). Only the system administrator grants them, in the Django admin;
# an agency admin neither grants nor removes them.
STATEWIDE_ROLES = frozenset({Role.CATALOGUE_STEWARD, Role.STATE_ANALYST})


class Cap(models.TextChoices):
    VIEW_CASES = "view_cases", "See custody cases, people and detainers"
    EDIT_CASES = "edit_cases", "Book, edit, release and transfer; log detainers"
    RECORD_DECISIONS = "record_decisions", "Record detainer decisions"
    REVIEW_DECISIONS = "review_decisions", "Approve or return decisions"
    MANAGE_TRAINING = "manage_training", "Build modules and quizzes, assign, see reports"
    TAKE_TRAINING = "take_training", "Take assigned training"
    MANAGE_USERS = "manage_users", "Manage the agency's staff accounts"
    VIEW_CATALOGUE = "view_catalogue", "Read the offense catalogue and its change history"
    EDIT_CATALOGUE = "edit_catalogue", "Correct the statewide offense catalogue; decide proposals"
    PROPOSE_CATALOGUE = "propose_catalogue", "Propose a correction of the offense catalogue"
    SIGN_OFF_RULES = "sign_off_rules", "Record counsel sign-off of a rule set"
    VIEW_AUDIT = "view_audit", "Read the audit trail"
    REVIEW_NOTIFICATION_REQUESTS = (
        "review_notification_requests",
        "Review requests to be told a release date and time (C.G.S. § 54-192h(c))",
    )
    MERGE_PEOPLE = "merge_people", "Merge duplicate person records"
    FILE_REPORTS = "file_reports", "Generate the semiannual OPM report and public-records exports"
    VIEW_TEAM_TRAINING = "view_team_training", "See the staff's training compliance"
    VIEW_DASHBOARD = (
        "view_dashboard",
        "See the agency dashboard: detainers, decisions, ICE access, compliance",
    )
    VIEW_STATE_REPORTS = (
        "view_state_reports",
        "See the dashboard and policy impact of every agency, aggregated only (small cells suppressed)",
    )


_D, _S, _T, _A, _U = (Role.DESK_OFFICER, Role.SUPERVISOR, Role.TRAINER, Role.AGENCY_ADMIN, Role.AUDITOR)
_H = Role.AGENCY_HEAD
_CS = Role.CATALOGUE_STEWARD
_SA = Role.STATE_ANALYST  # statewide and aggregate only: no capability that shows a record

CAPABILITIES: dict[str, frozenset[str]] = {
    Cap.VIEW_CASES: frozenset({_D, _S, _A, _U, _H}),
    Cap.EDIT_CASES: frozenset({_D, _S}),
    Cap.RECORD_DECISIONS: frozenset({_D, _S}),
    Cap.REVIEW_DECISIONS: frozenset({_S}),
    Cap.MANAGE_TRAINING: frozenset({_T}),
    Cap.TAKE_TRAINING: frozenset({_D, _S, _T, _A}),
    Cap.MANAGE_USERS: frozenset({_A}),
    Cap.VIEW_CATALOGUE: frozenset({_D, _S, _A, _U, _CS, _H}),
    Cap.EDIT_CATALOGUE: frozenset({_CS}),  # statewide: the steward's edits apply to every agency
    Cap.PROPOSE_CATALOGUE: frozenset({_A}),
    Cap.SIGN_OFF_RULES: frozenset({_A}),
    Cap.VIEW_AUDIT: frozenset({_S, _A, _U, _H}),
    Cap.REVIEW_NOTIFICATION_REQUESTS: frozenset({_H}),
    Cap.MERGE_PEOPLE: frozenset({_A}),
    Cap.FILE_REPORTS: frozenset({_S, _A}),
    Cap.VIEW_DASHBOARD: frozenset({_S, _U}),
    Cap.VIEW_STATE_REPORTS: frozenset({_SA}),
    Cap.VIEW_TEAM_TRAINING: frozenset({_S, _A}),
}


def roles_of(user) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_trustportal_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._trustportal_roles = cached
    return cached


def user_can(user, capability: str) -> bool:
    """True when one of the user's roles grants the capability, within their own agency."""
    if getattr(user, "agency_id", None) is None:
        return False  # system administrators work in the Django admin, not on case data
    return bool(roles_of(user) & CAPABILITIES[capability])


def capabilities_of(user) -> frozenset[str]:
    return frozenset(cap for cap in CAPABILITIES if user_can(user, cap))


def require_capability(capability: str):
    """View decorator: 403 unless the user has the capability."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_can(request.user, capability):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
