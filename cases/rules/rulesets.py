"""The rule sets, as data: which law is in force when, what each rule says, and the duties.

Every rule carries its id, its citation, one plain-English sentence, and how sure we are of
its wording (LAW.md's marks):

* ``text``: read from a copy of the statute's own words (``law/`` beside LAW.md);
* ``summary``: from official summaries, exact wording not read;
* ``unconfirmed``: reported or inferred; the sentence carries the question for counsel;
* ``policy``: not law, a choice the product or the agency makes, shown as such.

Kinds of rule, in the order the engine runs them:

* ``exception`` rules (judicial warrant, A/B felony, ...) each find ``holds``: true (a
  ground, reported as ``ground``), false, or null (unsettled). ``opens`` lists the actions
  the exception bears on: under the 2019 act a judicial warrant opens detention,
  notification and transfer but **not** an interview ((b)(1)(D)), and a court order under
  8 U.S.C. § 1225(d)(4)(B) opens only an interview.
* ``action`` rules state the verdict of one action. ``exceptions_decide``: permitted when
  an exception that opens the action holds, needs review when none holds and one is
  unsettled, else prohibited; ``always_permitted``.
* the ``limit`` rule sets the end of a permitted hold (48 hours);
* the ``policy`` rule is the agency's consent requirement for an interview (not law).

``duties`` are what the agency must do, with the condition that triggers each.

Changing anything here that the engine reads (ids, citations, confidence, checks, opens,
grounds, duties) changes :func:`cases.rules.fingerprint`; bump ``ENGINE_VERSION`` then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict, Unpack

from .clock import local_midnight

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


def _trust_act_2019_rules(
    prefix: str, amended: str, confidence: str
) -> tuple[tuple[Rule, ...], tuple[Rule, ...], tuple[Duty, ...]]:
    """The 2019 exceptions (kept in 2025), the four actions they govern, and the duties."""

    def cite(subsection: str) -> str:
        return f"C.G.S. § 54-192h{subsection}{amended}"

    exceptions = (
        Rule(
            id=f"{prefix}.judicial-warrant",
            citation=cite("(b)(1)(A)(i)"),
            sentence=_JUDICIAL_WARRANT,
            confidence=confidence,
            check="judicial_warrant",
            ground="judicial_warrant",
            opens=_HOLD_ACTIONS,
        ),
        Rule(
            id=f"{prefix}.ab-felony",
            citation=cite("(b)(1)(A)(ii)"),
            sentence=_AB_FELONY,
            confidence=confidence,
            check="ab_felony",
            ground="ab_felony_conviction",
            opens=ACTIONS,
        ),
        Rule(
            id=f"{prefix}.tsdb",
            citation=cite("(b)(1)(A)(iii)"),
            sentence=_TSDB,
            confidence=confidence,
            check="tsdb",
            ground="tsdb_match",
            opens=ACTIONS,
        ),
        Rule(
            id=f"{prefix}.interview-court-order",
            citation=cite("(b)(1)(D)(iii)"),
            sentence=_COURT_ORDER,
            confidence=confidence,
            check="interview_court_order",
            ground="interview_court_order",
            opens=("interview",),
        ),
    )
    actions = (
        _action(
            id=f"{prefix}.detain",
            citation=cite("(b)(1)(A)"),
            sentence="An officer shall not arrest or detain a person on a civil immigration "
            "detainer unless an exception holds, and never on an administrative warrant ((b)(1)(C)).",
            confidence=confidence,
            check="exceptions_decide",
            action="detain",
        ),
        _limit(
            id=f"{prefix}.hold-limit",
            citation="8 C.F.R. § 287.7(d)",
            sentence=_ELAPSED_LIMIT,
            confidence="policy",
        ),
        _action(
            id=f"{prefix}.notify-release",
            citation=cite("(b)(1)(B), (e)(1)"),
            sentence=_NOTIFY_2019,
            confidence="unconfirmed",
            check="exceptions_decide",
            action="notify_release",
        ),
        _action(
            id=f"{prefix}.transfer",
            citation=cite("(a)(2)(B), (b)(1)(A)"),
            sentence=_TRANSFER_2019,
            confidence="unconfirmed",
            check="exceptions_decide",
            action="transfer",
        ),
        _action(
            id=f"{prefix}.interview",
            citation=cite("(b)(1)(D)"),
            sentence=_INTERVIEW,
            confidence=confidence,
            check="exceptions_decide",
            action="interview",
        ),
        _consent_policy(prefix),
    )
    duties = (
        Duty(
            id="give_detainer_copy",
            citation=cite("(e)(1)"),
            sentence="Give the person a copy of the detainer and tell them whether the agency "
            "intends to comply with it.",
            confidence=confidence,
        ),
        Duty(
            id="forward_notification_request_to_agency_head",
            citation=cite("(c)"),
            sentence="The detainer asks to be told the release date and time: before answering, "
            "forward the request to the head of the agency for review.",
            confidence=confidence,
            when="notification_requested",
        ),
        Duty(
            id="copy_notification_to_person_and_attorney",
            citation=cite("(e)(1)"),
            sentence="If the agency tells ICE of the release, promptly give the person and their "
            "attorney (or make a good-faith effort to reach one person they designate) a copy of "
            "the notification and the written reason the agency is complying.",
            confidence=confidence,
            when="notify_not_prohibited",
        ),
        Duty(
            id="record_ice_access",
            citation=cite("(e)(2), (e)(3)"),
            sentence="Record every act of ICE access (type, date, resources spent and every "
            "communication with ICE): the records are public under the Freedom of Information "
            "Act and feed the six-monthly report to the Office of Policy and Management.",
            confidence=confidence,
        ),
    )
    return exceptions, actions, duties


def _ct_2019() -> RuleSet:
    exceptions, actions, duties = _trust_act_2019_rules("ct-2019", "", "text")
    return RuleSet(
        id="ct-2019",
        title="Trust Act as amended in 2019",
        enacted_by="Public Acts 19-20 and 19-23",
        in_force_from=date(2019, 10, 1),
        in_force_to=date(2025, 9, 30),
        hold_clock="elapsed",
        rules=exceptions + actions,
        duties=duties,
    )


def _ct_2025() -> RuleSet:
    amended = ", as amended in 2025 (HB 7259)"
    exceptions, actions, duties = _trust_act_2019_rules("ct-2025", amended, "summary")
    candidate = Rule(
        id="ct-2025.candidate-offense",
        citation=f"C.G.S. § 54-192h(b)(1)(A)(ii){amended}",
        sentence="The 2025 act reportedly adds about thirteen offenses (sexual assault, risk "
        "of injury to a minor, strangulation, burglary with a firearm, possession of child "
        "sexual abuse material, violation of a protective order); the list is unconfirmed, so "
        "a conviction on the candidate list needs legal review, never a permission.",
        confidence="unconfirmed",
        check="candidate_offense",
        ground=None,  # never a ground: at most needs review
        opens=ACTIONS,
    )
    return RuleSet(
        id="ct-2025",
        title="Trust Act as amended in 2025",
        enacted_by="2025 criminal-justice act (HB 7259)",
        in_force_from=date(2025, 10, 1),
        in_force_to=None,
        hold_clock="elapsed",
        rules=exceptions + (candidate,) + actions,
        duties=duties,
    )


# --------------------------------------------------------------------------- ct-2013

_ACT_2013 = " (P.A. 13-155)"
_OPENS_2013 = ("detain", "transfer")


def _factor_2013(number: int, slug: str, sentence: str, confidence: str, ground: str | None) -> Rule:
    """One of the seven factors of § 54-192h(b) as enacted in 2013."""
    return Rule(
        id=f"ct-2013.{slug}",
        citation=f"C.G.S. § 54-192h(b)({number}){_ACT_2013}",
        sentence=sentence,
        confidence=confidence,
        check=slug.replace("-", "_"),
        ground=ground,
        opens=_OPENS_2013,
    )


def _ct_2013() -> RuleSet:
    cite = f"C.G.S. § 54-192h(b){_ACT_2013}"
    exceptions = (
        Rule(
            id="ct-2013.judicial-warrant",
            citation=cite,
            sentence="A warrant issued or signed by a judge is honoured: the act restricts "
            "only civil immigration detainers.",
            confidence="summary",
            check="judicial_warrant",
            ground="judicial_warrant",
            opens=_OPENS_2013,
        ),
        _factor_2013(
            1,
            "felony-conviction",
            "Hold if the person has been convicted of a felony of any class, in any court "
            "within the United States, on a plea of guilty or nolo contendere or a verdict, "
            "notwithstanding a pending appeal.",
            confidence="text",
            ground="felony_conviction",
        ),
        _factor_2013(
            2,
            "pending-charge",
            "Hold if the person has pending Connecticut criminal charges on which bond has not been posted.",
            confidence="summary",
            ground="pending_charge_no_bond",
        ),
        _factor_2013(
            3,
            "ct-warrant",
            "Hold if the person has an outstanding Connecticut arrest warrant.",
            confidence="summary",
            ground="ct_warrant",
        ),
        _factor_2013(
            4,
            "gang-member",
            "Hold if the person is a known gang member in NCIC or a similar database, or a "
            "Department of Correction Security Risk Group or Safety Threat member.",
            confidence="summary",
            ground="gang_member",
        ),
        _factor_2013(
            5,
            "tsdb",
            "Hold if the person is a possible match in the federal Terrorist Screening "
            "Database or a similar database.",
            confidence="summary",
            ground="tsdb_match",
        ),
        _factor_2013(
            6,
            "final-order",
            "Hold if the person is subject to a final order of deportation or removal.",
            confidence="summary",
            ground="final_order",
        ),
        _factor_2013(
            7,
            "public-safety",
            "Hold if the officer determines the person presents an unacceptable risk to "
            "public safety; a supervisor reviews that judgement.",
            confidence="summary",
            ground=None,  # an officer's judgement: always needs review, never a ground
        ),
    )
    actions = (
        _action(
            id="ct-2013.detain",
            citation=cite,
            sentence="Release the person unless one of the factors holds.",
            confidence="summary",
            check="exceptions_decide",
            action="detain",
        ),
        _limit(
            id="ct-2013.hold-limit",
            citation=f"C.G.S. § 54-192h{_ACT_2013}; 8 C.F.R. § 287.7(d)",
            sentence="A hold may last at most 48 hours, excluding Saturdays, Sundays and "
            "federal holidays; release if ICE has not taken custody by then.",
            confidence="summary",
        ),
        _action(
            id="ct-2013.notify-release",
            citation=cite,
            sentence="Notify ICE of the decision at once; telling ICE of the release is permitted.",
            confidence="summary",
            check="always_permitted",
            action="notify_release",
        ),
        _action(
            id="ct-2013.transfer",
            citation=cite,
            sentence="Transfer the person to ICE only when one of the factors holds.",
            confidence="summary",
            check="exceptions_decide",
            action="transfer",
        ),
        _action(
            id="ct-2013.interview",
            citation=cite,
            sentence="The 2013 act did not address ICE interviews: the law does not restrict them.",
            confidence="summary",
            check="always_permitted",
            action="interview",
        ),
        _consent_policy("ct-2013"),
    )
    return RuleSet(
        id="ct-2013",
        title="Trust Act as enacted in 2013",
        enacted_by="Public Act 13-155",
        in_force_from=date(2014, 1, 1),
        in_force_to=date(2019, 9, 30),
        hold_clock="business",
        rules=exceptions + actions,
        duties=(
            Duty(
                id="notify_ice_of_decision",
                citation=cite,
                sentence="Notify ICE of the decision at once; if the person is held, release them "
                "when the hold limit ends and ICE has not taken custody.",
                confidence="summary",
            ),
        ),
    )


# --------------------------------------------------------------------------- none


def _none() -> RuleSet:
    cite = "8 C.F.R. § 287.7"
    return RuleSet(
        id="none",
        title="No state restriction (before 2014, or a what-if such as repeal)",
        enacted_by="",
        in_force_from=None,
        in_force_to=date(2013, 12, 31),
        hold_clock="elapsed",
        rules=(
            _action(
                id="none.detain",
                citation=cite,
                sentence="No state law restricts acting on the detainer; only federal limits apply.",
                confidence="text",
                check="always_permitted",
                action="detain",
            ),
            _limit(
                id="none.hold-limit",
                citation="8 C.F.R. § 287.7(d)",
                sentence="A hold may last no more than 48 hours from when the person would "
                "otherwise be released; TrustPortal counts 48 consecutive clock hours, the "
                "shorter and safer reading of the federal limits.",
                confidence="policy",
            ),
            _action(
                id="none.notify-release",
                citation=cite,
                sentence="No state law restricts notifying ICE.",
                confidence="text",
                check="always_permitted",
                action="notify_release",
            ),
            _action(
                id="none.transfer",
                citation=cite,
                sentence="No state law restricts transfer to ICE.",
                confidence="text",
                check="always_permitted",
                action="transfer",
            ),
            _action(
                id="none.interview",
                citation=cite,
                sentence="No state law restricts ICE interviews.",
                confidence="summary",
                check="always_permitted",
                action="interview",
            ),
            _consent_policy("none"),
        ),
    )


RULE_SETS: dict[str, RuleSet] = {rs.id: rs for rs in (_none(), _ct_2013(), _ct_2019(), _ct_2025())}

# Start instants (New York midnight) of each rule set in force, latest first.
_IN_FORCE = tuple(
    (local_midnight(RULE_SETS[rid].in_force_from), rid) for rid in ("ct-2025", "ct-2019", "ct-2013")
)


def rule_set_in_force(decided_at: datetime) -> str:
    """The id of the rule set in force at ``decided_at`` (an aware datetime).

    Each version takes effect at midnight, New York time, on its first day; before
    1 January 2014 no state restriction applied (``none``).
    """
    for starts, rule_set_id in _IN_FORCE:
        if decided_at >= starts:
            return rule_set_id
    return "none"
