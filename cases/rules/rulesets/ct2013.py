"""`ct-2013` (Public Act 13-155, in force 2014-01-01 to 2019-09-30): release unless one of
the factors holds."""

from __future__ import annotations

from datetime import date

from .base import (
    Duty,
    Rule,
    RuleSet,
    _action,
    _consent_policy,
    _limit,
)

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
