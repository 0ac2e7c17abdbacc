"""`ct-2019` (Public Acts 19-20 and 19-23, in force 2019-10-01 to 2025-09-30) and `ct-2025`
(HB 7259, from 2025-10-01: everything in 2019 plus the unconfirmed candidate offenses)."""

from __future__ import annotations

from datetime import date

from .base import (
    _AB_FELONY,
    _COURT_ORDER,
    _ELAPSED_LIMIT,
    _HOLD_ACTIONS,
    _INTERVIEW,
    _JUDICIAL_WARRANT,
    _NOTIFY_2019,
    _TRANSFER_2019,
    _TSDB,
    ACTIONS,
    Duty,
    Rule,
    RuleSet,
    _action,
    _consent_policy,
    _limit,
)


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
