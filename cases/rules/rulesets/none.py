"""`none`: no state restriction (e.g. repeal): a what-if, never in force."""

from __future__ import annotations

from datetime import date

from .base import (
    RuleSet,
    _action,
    _consent_policy,
    _limit,
)


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
