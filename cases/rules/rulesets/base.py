"""The shapes of a rule set (Rule, Duty, RuleSet) and the wording the law versions share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict, Unpack

ACTIONS = ("detain", "notify_release", "transfer", "interview")
_HOLD_ACTIONS = ("detain", "notify_release", "transfer")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    citation: str
    sentence: str
    confidence: str  # text | summary | unconfirmed | policy
    check: str
    kind: str = "exception"  # exception | action | limit | policy
    ground: str | None = None  # exception rules: the ground reported when it holds
    action: str | None = None  # action and policy rules: the action they decide
    opens: tuple[str, ...] = ()  # exception rules: the actions they bear on


@dataclass(frozen=True, slots=True)
class Duty:
    """Something the agency must do. ``when``: ``always``, ``notification_requested`` (the
    detainer asks to be told of the release) or ``notify_not_prohibited``."""

    id: str
    citation: str
    sentence: str
    confidence: str
    when: str = "always"


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    title: str
    enacted_by: str
    in_force_from: date | None  # first day (New York midnight); None: from the beginning
    in_force_to: date | None  # last day, inclusive; None: open-ended
    hold_clock: str  # business | elapsed
    rules: tuple[Rule, ...]
    duties: tuple[Duty, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def exceptions(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind == "exception")


# --------------------------------------------------------------------------- wording

_JUDICIAL_WARRANT = (
    "An officer may detain on the detainer when it is accompanied by a warrant issued or "
    "signed by a judicial officer (a state or federal judge or a federal magistrate judge; "
    "an immigration judge is not one, (a)(7)). An administrative warrant from ICE, CBP or "
    "another federal agency (I-200, I-203, I-205, I-286, a notice to appear, a removal "
    "order) does not count, (a)(1). A judicial warrant does not open an ICE interview."
)
_AB_FELONY = (
    "An officer may act on the detainer, and let ICE interview the person, when the person "
    "has been convicted of a class A or B felony offense; a pending charge never counts, "
    "however serious."
)
_TSDB = (
    "An officer may act on the detainer, and let ICE interview the person, when the person "
    "is identified as a possible match in the federal Terrorist Screening Database or a "
    "similar database."
)
_COURT_ORDER = (
    "ICE may interview a person in custody who is the subject of a court order issued under "
    "8 U.S.C. § 1225(d)(4)(B); such an order opens the interview only."
)
_INTERVIEW = (
    "No ICE interview of a person in custody unless the person has been convicted of a "
    "class A or B felony, is a possible Terrorist Screening Database match, or is the "
    "subject of a court order under 8 U.S.C. § 1225(d)(4)(B). A judicial warrant alone does "
    "not open an interview; the statute asks for no consent."
)
_NOTIFY_2019 = (
    "An officer may not spend resources to tell ICE about the custody status or release of "
    "a person targeted by a detainer except as subsection (e) provides; (e) speaks of an "
    "agency complying with the detainer, so telling ICE of the release is permitted exactly "
    "when detention is. Unconfirmed reading: counsel confirms."
)
_TRANSFER_2019 = (
    "Transfer to ICE custody is a purpose of a detainer ((a)(2)(B)), so it follows the "
    "detention rule: permitted exactly when detention is. Unconfirmed reading: counsel confirms."
)
_ELAPSED_LIMIT = (
    "A hold may last no more than 48 hours from when the person would otherwise be "
    "released. The 2019 text sets no hour limit of its own; TrustPortal counts 48 "
    "consecutive clock hours, the shorter and safer reading of the federal limits."
)
_CONSENT_POLICY = (
    "Agency policy, not law: ICE may interview a person only with the person's written "
    "consent. Where the law would permit an interview or leave it for review, the policy "
    "prohibits it when no written consent is recorded."
)


class _RuleFields(TypedDict):
    id: str
    citation: str
    sentence: str
    confidence: str


class _ActionFields(_RuleFields):
    check: str
    action: str


def _action(**fields: Unpack[_ActionFields]) -> Rule:
    return Rule(kind="action", **fields)


def _limit(**fields: Unpack[_RuleFields]) -> Rule:
    return Rule(kind="limit", check="hold_limit", **fields)


def _consent_policy(prefix: str) -> Rule:
    return Rule(
        id=f"{prefix}.interview-consent-policy",
        citation="Agency policy (not law)",
        sentence=_CONSENT_POLICY,
        confidence="policy",
        check="interview_consent_policy",
        kind="policy",
        action="interview",
    )


# --------------------------------------------------------------------------- ct-2019, ct-2025
