"""The one place that says whether the agency may do something that gives ICE access.

An action (hold, tell ICE the release date, transfer, interview) is allowed only when the
decision in force on the detainer includes it and either the rule engine permitted it when
the decision was recorded, or a supervisor approved an override for it before the decision
(``OverrideRequest``). Telling ICE a release date also needs the agency head's review of the
request ((c)). Each refusal is a sentence an officer can act on; the views add the link to the
decision screen. These functions read; they never write (the services audit refusals).
"""

from dataclasses import dataclass

from cases.models import (
    ENGINE_ACTION,
    AccessType,
    Decision,
    DecisionAction,
    Detainer,
    DetainerStatus,
    HeadReviewOutcome,
    NotificationReview,
    OverrideStatus,
    ReviewOutcome,
)
from cases.rules import NEEDS_REVIEW, PERMITTED

# Which decision action opens each type of ICE access ((a)(6)); None: any decision in force
# (answering the detainer, e.g. that the agency declines it).
ACCESS_NEEDS: dict[str, DecisionAction | None] = {
    AccessType.RESPOND: None,
    AccessType.RELEASE_NOTICE: DecisionAction.NOTIFY,
    AccessType.NON_PUBLIC_INFO: DecisionAction.NOTIFY,
    AccessType.PROBATION: DecisionAction.NOTIFY,
    AccessType.INTERVIEW: DecisionAction.INTERVIEW,
    AccessType.FACILITY: DecisionAction.INTERVIEW,
}
# Access that answers a request to be told the release date and time: the head reviews first.
NEEDS_HEAD_REVIEW = frozenset({AccessType.RELEASE_NOTICE, AccessType.NON_PUBLIC_INFO})

VERDICT_WORDS = {NEEDS_REVIEW: "needs legal review", "prohibited": "prohibits it"}


@dataclass(frozen=True)
class Permission:
    """Whether an action is allowed, on what it rests, and (refused) why in plain words."""

    allowed: bool
    reason: str = ""
    decision: Decision | None = None
    via_override: bool = False

    def __bool__(self) -> bool:
        return self.allowed


def decision_in_force(detainer: Detainer) -> Decision | None:
    """The detainer's latest decision that no correction superseded (one query)."""
    return (
        Decision.objects.filter(detainer=detainer, superseded_by__isnull=True)
        .select_related("override_request", "review", "recorded_by")
        .first()
    )


def verdict_of(decision: Decision, action: str) -> str:
    """The engine's verdict on ``action`` when ``decision`` was recorded."""
    return decision.result["actions"][ENGINE_ACTION[DecisionAction(action)]]["verdict"]


def override_approved(decision: Decision, action: str) -> bool:
    """An approved override covers ``action``: the request approved before the decision, or
    (decisions recorded before override requests existed) a supervisor's approval of the
    decision itself."""
    request = decision.override_request
    if request is not None:
        return request.status == OverrideStatus.APPROVED and action in request.actions
    review = getattr(decision, "review", None)
    return decision.is_override and review is not None and review.outcome == ReviewOutcome.APPROVED


def action_permission(decision: Decision | None, action: str) -> Permission:
    """May the agency take ``action`` (a DecisionAction other than decline) on this decision?"""
    label = DecisionAction(action).label.lower()
    if decision is None:
        return Permission(False, f"No decision is recorded for this detainer. Record one before you {label}.")
    if action not in decision.actions:
        return Permission(
            False,
            f"The decision in force does not include this ({label}); it says: "
            + "; ".join(decision.action_labels).lower()
            + ". Record a correction if the facts changed.",
            decision,
        )
    verdict = verdict_of(decision, action)
    if verdict == PERMITTED:
        return Permission(True, decision=decision)
    if override_approved(decision, action):
        return Permission(True, decision=decision, via_override=True)
    return Permission(
        False,
        f"The guidance {VERDICT_WORDS.get(verdict, verdict)} ({label}), and no supervisor has approved "
        "an override for it.",
        decision,
    )


def access_permission(detainer: Detainer | None, access_type: str) -> Permission:
    """May the agency give ICE this type of access about the person of ``detainer``?"""
    if detainer is None:
        return Permission(True)  # other means: the service asks for the justification
    if detainer.status in (DetainerStatus.CANCELLED, DetainerStatus.LAPSED):
        return Permission(False, f"This detainer is {detainer.get_status_display().lower()}.")
    decision = decision_in_force(detainer)
    needs = ACCESS_NEEDS[access_type]
    if needs is None:
        if decision is None:
            return Permission(
                False, "No decision is recorded for this detainer. Record it before answering ICE."
            )
        return Permission(True, decision=decision)
    permission = action_permission(decision, needs)
    if permission and access_type in NEEDS_HEAD_REVIEW and head_review(detainer) is None:
        return Permission(
            False,
            "The request to be told the release date and time must first be reviewed by the head of the "
            "agency (C.G.S. § 54-192h(c)). Forward it from the detainer page.",
            decision,
        )
    return permission


def head_review(detainer: Detainer) -> NotificationReview | None:
    """The agency head's latest review of the detainer's notification request that allows an
    answer (None when there is none, it is pending, or it says not to answer)."""
    latest = NotificationReview.objects.filter(detainer=detainer).exclude(outcome="").first()
    return latest if latest is not None and latest.outcome == HeadReviewOutcome.ANSWER else None


def transfer_permission(detainers) -> Permission:
    """May the person be transferred to ICE? Only when a decision in force on one of their
    open detainers permits the transfer."""
    reasons = []
    for detainer in detainers:
        permission = action_permission(decision_in_force(detainer), DecisionAction.TRANSFER)
        if permission:
            return permission
        reasons.append(permission.reason)
    if not reasons:
        return Permission(False, "There is no open detainer: nothing permits a transfer to ICE.")
    return Permission(False, " ".join(dict.fromkeys(reasons)))


def summary(detainer: Detainer) -> list[dict]:
    """What the agency may do now on ``detainer``, action by action, for the detainer page
    (two queries: the decision in force and the head's review)."""
    decision = decision_in_force(detainer)
    reviewed = head_review(detainer) is not None
    rows = []
    for action in (
        DecisionAction.HOLD,
        DecisionAction.NOTIFY,
        DecisionAction.TRANSFER,
        DecisionAction.INTERVIEW,
    ):
        permission = action_permission(decision, action)
        reason = permission.reason
        if permission and action == DecisionAction.NOTIFY and not reviewed:
            permission, reason = (
                Permission(False, decision=decision),
                "Waiting for the agency head's review (C.G.S. § 54-192h(c)).",
            )
        rows.append(
            {
                "action": action,
                "label": DecisionAction(action).label,
                "allowed": permission.allowed,
                "via_override": permission.via_override,
                "reason": reason,
            }
        )
    return rows
