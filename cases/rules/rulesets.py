"""The rule sets, as data: which law is in force when, and what each rule says.

Every rule carries its id, its citation, one plain-English sentence, and how sure we are of
its wording (LAW.md's marks):

* ``text``: read from a copy of the official text;
* ``summary``: from official summaries, exact wording not read;
* ``unconfirmed``: reported or inferred. A point the product is unsure of yields
  *needs legal review*, never a silent yes or no.

``check`` names the test the engine runs (see ``engine.CHECKS``); ``ground`` is the name the
result reports when the rule definitely holds (``None``: the rule can make a case
unsettled but is never a ground by itself). Rules of kind ``exception`` decide the verdicts;
rules of kind ``action`` state the verdict for one action and are listed after them, and
the ``limit`` rule sets the end of a permitted hold (48 hours).

Action checks: ``exceptions_decide`` (permitted when a ground holds, needs review when
something is unsettled, else prohibited), ``always_permitted``, ``consent_decides``
(permitted with the person's written consent), ``exception_and_consent`` (the 2019
interview rule).

The subsection letters for the 2013 factors follow their order in the act (LAW.md §1.4);
the exact lettering of the notify/transfer/interview provisions of 2019 was not read, so
those cite subsection (b) as a whole. Counsel signs these citations off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .clock import local_midnight


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    citation: str
    sentence: str
    confidence: str  # text | summary | unconfirmed
    check: str
    kind: str = "exception"  # exception | action | limit
    ground: str | None = None  # exception rules: the ground reported when it holds
    action: str | None = None  # action rules: detain | notify_release | transfer | interview


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    title: str
    enacted_by: str
    in_force_from: date | None  # first day (New York midnight); None: from the beginning
    in_force_to: date | None  # last day, inclusive; None: open-ended
    hold_clock: str  # business | elapsed
    rules: tuple[Rule, ...]
    duties: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


# --------------------------------------------------------------------------- wording

_JUDICIAL_WARRANT = (
    "An officer may act on the detainer when it comes with a warrant issued or signed by a "
    "judicial officer (a federal district or magistrate judge, or a state judge) naming the "
    "person; an administrative warrant from ICE, CBP or another federal agency (I-200, "
    "I-203, I-205, I-286, a notice to appear, an immigration judge's order) does not count."
)
_AB_FELONY = (
    "An officer may act on the detainer when the person has been convicted of a class A or "
    "class B felony; a pending charge never counts, however serious."
)
_TSDB = (
    "An officer may act on the detainer when the person is identified as a possible match "
    "in the federal Terrorist Screening Database or a similar database."
)
_INTERVIEW_2019 = (
    "ICE may interview the person only when an exception holds and the person gives written "
    "consent after being told the interview is voluntary and that they may decline or have "
    "an attorney present (detail unconfirmed: encoded conservatively)."
)
_ELAPSED_LIMIT = (
    "A hold may last no more than 48 hours from when the person would otherwise be "
    "released; TrustPortal counts 48 consecutive clock hours, the shorter and safer reading."
)
_DUTIES_2019 = (
    "Tell the person that ICE asked for their detention (and give them a copy of the detainer: recommended).",
    "Record every interaction with ICE: date, time and nature.",
    "Count the detainer in the semiannual report to the Office of Policy and Management "
    "(received, honoured or declined, and on what basis).",
)


def _action(**fields) -> Rule:
    return Rule(kind="action", **fields)


def _limit(**fields) -> Rule:
    return Rule(kind="limit", check="hold_limit", **fields)


# --------------------------------------------------------------------------- ct-2019, ct-2025


def _trust_act_2019_rules(prefix: str, amended: str) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """The three exceptions of 2019 (kept in 2025) and the four actions they govern."""
    cite = f"C.G.S. § 54-192h(b){amended}"
    exceptions = (
        Rule(
            id=f"{prefix}.judicial-warrant",
            citation=f"C.G.S. § 54-192h(b)(1)(A)(i){amended}",
            sentence=_JUDICIAL_WARRANT,
            confidence="summary",
            check="judicial_warrant",
            ground="judicial_warrant",
        ),
        Rule(
            id=f"{prefix}.ab-felony",
            citation=f"C.G.S. § 54-192h(b)(1)(A)(ii){amended}",
            sentence=_AB_FELONY,
            confidence="summary",
            check="ab_felony",
            ground="ab_felony_conviction",
        ),
        Rule(
            id=f"{prefix}.tsdb",
            citation=f"C.G.S. § 54-192h(b)(1)(A)(iii){amended}",
            sentence=_TSDB,
            confidence="summary",
            check="tsdb",
            ground="tsdb_match",
        ),
    )
    actions = (
        _action(
            id=f"{prefix}.detain",
            citation=f"C.G.S. § 54-192h(b)(1)(A){amended}",
            sentence="An officer shall not arrest or detain a person on a civil immigration "
            "detainer unless an exception holds.",
            confidence="text",
            check="exceptions_decide",
            action="detain",
        ),
        _limit(
            id=f"{prefix}.hold-limit",
            citation="8 C.F.R. § 287.7(d)",
            sentence=_ELAPSED_LIMIT,
            confidence="text",
        ),
        _action(
            id=f"{prefix}.notify-release",
            citation=cite,
            sentence="An officer may notify ICE of the person's custody status or release date "
            "and time, or spend resources to communicate it, only when an exception holds.",
            confidence="summary",
            check="exceptions_decide",
            action="notify_release",
        ),
        _action(
            id=f"{prefix}.transfer",
            citation=cite,
            sentence="An officer may transfer the person to ICE custody only when an exception holds.",
            confidence="summary",
            check="exceptions_decide",
            action="transfer",
        ),
        _action(
            id=f"{prefix}.interview",
            citation=cite,
            sentence=_INTERVIEW_2019,
            confidence="unconfirmed",
            check="exception_and_consent",
            action="interview",
        ),
    )
    return exceptions, actions


def _ct_2019() -> RuleSet:
    exceptions, actions = _trust_act_2019_rules("ct-2019", "")
    return RuleSet(
        id="ct-2019",
        title="Trust Act as amended in 2019",
        enacted_by="Public Acts 19-20 and 19-23",
        in_force_from=date(2019, 10, 1),
        in_force_to=date(2025, 9, 30),
        hold_clock="elapsed",
        rules=exceptions + actions,
        duties=_DUTIES_2019,
    )


def _ct_2025() -> RuleSet:
    amended = ", as amended in 2025 (HB 7259)"
    exceptions, actions = _trust_act_2019_rules("ct-2025", amended)
    candidate = Rule(
        id="ct-2025.candidate-offense",
        citation=f"C.G.S. § 54-192h(b)(1)(A){amended}",
        sentence="The 2025 act reportedly adds certain class C and D felonies (sexual "
        "assault, child sexual abuse material, domestic violence, some violent crimes); the "
        "list is unconfirmed, so a conviction on the candidate list needs legal review.",
        confidence="unconfirmed",
        check="candidate_offense",
        ground=None,  # never a ground: at most needs review
    )
    return RuleSet(
        id="ct-2025",
        title="Trust Act as amended in 2025",
        enacted_by="2025 criminal-justice act (HB 7259)",
        in_force_from=date(2025, 10, 1),
        in_force_to=None,
        hold_clock="elapsed",
        rules=exceptions + (candidate,) + actions,
        duties=_DUTIES_2019
        + (
            "A person may sue for an injunction or declaratory relief over a violation: keep "
            "the decision's audit trail.",
        ),
    )


# --------------------------------------------------------------------------- ct-2013

_ACT_2013 = " (P.A. 13-155)"


def _factor_2013(number: int, slug: str, sentence: str, confidence: str, ground: str | None) -> Rule:
    """One of the seven factors of § 54-192h(b) as enacted in 2013."""
    return Rule(
        id=f"ct-2013.{slug}",
        citation=f"C.G.S. § 54-192h(b)({number}){_ACT_2013}",
        sentence=sentence,
        confidence=confidence,
        check=slug.replace("-", "_"),
        ground=ground,
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
            sentence="The 2013 act did not regulate ICE interviews; TrustPortal requires the "
            "person's written consent.",
            confidence="summary",
            check="consent_decides",
            action="interview",
        ),
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
            "Notify ICE of the decision at once.",
            "Release the person if ICE has not taken custody within the hold limit.",
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
                sentence=_ELAPSED_LIMIT,
                confidence="text",
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
                sentence="TrustPortal requires the person's written consent to an ICE interview.",
                confidence="summary",
                check="consent_decides",
                action="interview",
            ),
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
